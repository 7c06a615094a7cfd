package dev.sparkjobs.batch;

import java.util.List;
import java.util.Map;

/**
 * One page of batches, without their nodes: a list shows how many jobs are in each state, which the
 * store counts, rather than every job's request.
 *
 * @param counts each batch's jobs by the state its coordinator last saw ({@link #PENDING} for those
 *     without a job yet)
 * @param nextSeq the cursor of the next page, null on the last
 */
public record BatchPage(List<Batch> items, Map<BatchId, Map<String, Integer>> counts, Long nextSeq) {

    /** The count of the nodes that have no job yet. */
    public static final String PENDING = "PENDING";

    public BatchPage {
        items = List.copyOf(items);
        counts = Map.copyOf(counts);
    }

    /** The jobs of {@code batch} by state; empty for a batch not on the page. */
    public Map<String, Integer> counts(BatchId batch) {
        return counts.getOrDefault(batch, Map.of());
    }
}
