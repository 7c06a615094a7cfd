package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batch.FailurePolicy;
import dev.sparkjobs.batch.RunIf;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackBatchViewsTest {

    @Test
    void theMessageNamesTheJobThatFailedNotOneItsBatchStopped() {
        BatchResponse batch = batch(
                BatchState.FAILED,
                job("extractA", "CANCELLED", "BATCH_STOPPED", "cancelled by its batch"),
                job("load", "SKIPPED", "SKIPPED", "an upstream job did not succeed"),
                job("extractB", "FAILED", "SQL_ERROR", "boom"));

        String message = CallbackBatchViews.message(batch);

        assertThat(message)
                .isEqualTo("batch b1 ended FAILED: extractA CANCELLED, load SKIPPED, extractB FAILED; extractB: boom");
    }

    @Test
    void withoutAFailedJobTheFirstErrorIsNamed() {
        BatchResponse batch = batch(
                BatchState.CANCELLED,
                job("a", "SUCCEEDED", null, null),
                job("b", "CANCELLED", "CANCELLED", "cancelled on request"));

        assertThat(CallbackBatchViews.message(batch))
                .isEqualTo("batch b1 ended CANCELLED: b CANCELLED; b: cancelled on request");
    }

    @Test
    void aBatchTheServiceCouldNotRunOnSaysWhy() {
        BatchResponse batch = batch(
                BatchState.FAILED,
                "its jobs cannot be started: alice may not submit jobs",
                job("a", "SUCCEEDED", null, null),
                job("b", "PENDING", null, null));

        assertThat(CallbackBatchViews.message(batch))
                .isEqualTo("batch b1 ended FAILED (its jobs cannot be started: alice may not submit jobs): b PENDING");
    }

    @Test
    void aSucceededBatchHasNoMessage() {
        assertThat(CallbackBatchViews.message(batch(BatchState.SUCCEEDED, job("a", "SUCCEEDED", null, null))))
                .isNull();
    }

    private static BatchResponse.BatchJobView job(String key, String state, String errorType, String error) {
        return new BatchResponse.BatchJobView(
                key,
                "j-" + key,
                state,
                List.of(),
                RunIf.ALL_SUCCESS,
                1,
                List.of(),
                "sql",
                null,
                errorType == null ? null : new JobResponse.ErrorView(errorType, error));
    }

    private static BatchResponse batch(BatchState state, BatchResponse.BatchJobView... jobs) {
        return batch(state, null, jobs);
    }

    private static BatchResponse batch(BatchState state, String error, BatchResponse.BatchJobView... jobs) {
        Instant at = Instant.parse("2026-11-22T10:00:00Z");
        return new BatchResponse(
                "b1",
                null,
                state,
                "default",
                "alice",
                2,
                FailurePolicy.FAIL_FAST,
                null,
                null,
                at,
                at,
                null,
                null,
                0,
                error,
                Map.of(),
                List.of(jobs),
                List.of(),
                null);
    }
}
