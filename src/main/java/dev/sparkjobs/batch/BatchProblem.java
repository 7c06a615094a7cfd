package dev.sparkjobs.batch;

/** One thing wrong with a submitted batch: where ({@code jobs[3].dependsOn[0]}) and what. */
public record BatchProblem(String field, String message) {}
