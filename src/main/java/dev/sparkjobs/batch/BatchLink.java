package dev.sparkjobs.batch;

/** The batch a job was started by, and the node it ran for. */
public record BatchLink(BatchId batchId, String key) {}
