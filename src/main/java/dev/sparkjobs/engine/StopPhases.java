package dev.sparkjobs.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a stopped attempt's time went, each phase in milliseconds from the stop being asked for (a
 * cancel's {@code cancelRequestedAt}): the Spark cancel issued, the job type's {@code run} back on the
 * attempt's thread, none of the attempt's Spark work active any more (the job's {@code finishedAt}),
 * its session reset and back for the next job, and its end recorded.
 */
record StopPhases(
        RunningJob.StopReason reason,
        Instant askedAt,
        Instant issuedAt,
        Instant returnedAt,
        Instant quietAt,
        Instant backAt) {

    /** One greppable {@code key=ms} list; a phase that did not happen (e.g. no Spark scope) is {@code -}. */
    String line(Instant recordedAt) {
        return reason + " issued=" + ms(issuedAt) + " returned=" + ms(returnedAt) + " quiet=" + ms(quietAt)
                + " sessionBack=" + ms(backAt) + " recorded=" + ms(recordedAt);
    }

    /** Milliseconds from the stop being asked for to {@code at}, to 0.1 ms, or {@code -}. */
    String ms(Instant at) {
        if (askedAt == null || at == null) {
            return "-";
        }
        return String.valueOf(Math.round(Duration.between(askedAt, at).toNanos() / 1e5) / 10.0);
    }
}
