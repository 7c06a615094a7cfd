package dev.sparkjobs.web;

import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batches.BatchService;
import dev.sparkjobs.jobcallbacks.BatchViews;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** A callback's batch: the answer GET /api/v1/batches/{id} gives, so that receivers parse one shape. */
@Component
class CallbackBatchViews implements BatchViews {

    private static final int MAX_MESSAGE = 2000;

    private final BatchService batches;

    CallbackBatchViews(BatchService batches) {
        this.batches = batches;
    }

    @Override
    public Optional<Ended> ended(BatchId id) {
        return batches.find(id).filter(v -> v.batch().isTerminal()).map(v -> {
            var response = BatchResponse.of(v);
            return new Ended(response.state(), message(response), response);
        });
    }

    private static final Set<String> FAILED = Set.of("FAILED", "TIMED_OUT");

    /**
     * Which jobs did not succeed and, for the first that failed (else the first with an error), why:
     * what a pipeline's run shows.
     */
    static String message(BatchResponse batch) {
        if (batch.state() == BatchState.SUCCEEDED) {
            return null;
        }
        var notSucceeded = batch.jobs().stream()
                .filter(j -> !"SUCCEEDED".equals(j.state()))
                .map(j -> j.key() + " " + j.state())
                .collect(Collectors.joining(", "));
        var message =
                new StringBuilder("batch ").append(batch.id()).append(" ended ").append(batch.state());
        if (batch.error() != null) { // the service could not run it on: that comes first
            message.append(" (").append(batch.error()).append(')');
        }
        if (!notSucceeded.isEmpty()) {
            message.append(": ").append(notSucceeded);
        }
        // the job that failed says why; one cancelled or skipped by its batch only says that it was
        batch.jobs().stream()
                .filter(j -> j.error() != null)
                .min(Comparator.comparing(j -> !FAILED.contains(j.state())))
                .ifPresent(j -> message.append("; ")
                        .append(j.key())
                        .append(": ")
                        .append(
                                j.error().message() == null
                                        ? j.error().type()
                                        : j.error().message()));
        return message.length() <= MAX_MESSAGE ? message.toString() : message.substring(0, MAX_MESSAGE);
    }
}
