package dev.sparkjobs.web;

import dev.sparkjobs.batch.BatchPage;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of batches, newest first. */
@Schema(name = "BatchList")
public record BatchListResponse(
        List<BatchSummary> items,
        @Schema(description = "Pass as ?cursor= for the next page; null on the last page") String nextCursor) {

    static BatchListResponse of(BatchPage page) {
        return new BatchListResponse(
                page.items().stream()
                        .map(b -> BatchSummary.of(b, page.counts(b.id())))
                        .toList(),
                page.nextSeq() == null ? null : JobQueries.encode(page.nextSeq()));
    }
}
