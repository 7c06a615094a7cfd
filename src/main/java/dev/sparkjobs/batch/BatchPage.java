package dev.sparkjobs.batch;

import java.util.List;

/** One page of batches; {@code nextSeq} is the cursor of the next page, null on the last. */
public record BatchPage(List<Batch> items, Long nextSeq) {}
