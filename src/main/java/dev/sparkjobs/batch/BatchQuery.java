package dev.sparkjobs.batch;

/**
 * A page of batches, newest first.
 *
 * @param tenant only this tenant's; null: every tenant's
 * @param state only batches in this state; null: any
 * @param name only batches of exactly this name; null: any
 * @param beforeSeq only batches submitted before this position (the cursor); null: from the newest
 */
public record BatchQuery(String tenant, BatchState state, String name, int limit, Long beforeSeq) {}
