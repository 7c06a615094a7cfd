package dev.sparkjobs.batch;

/** One dependency of a batch: {@code to} waits for {@code from}. */
public record Edge(String from, String to) {}
