package dev.sparkjobs.driverhealth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The share of wall time spent in GC pauses over a sliding window, from samples of the JVM's
 * cumulative GC time. The window's base is the newest sample at or before its start. Not
 * thread-safe.
 */
final class GcTimeWindow {

    /**
     * The share over the time sampled, at most the window.
     *
     * @param complete whether the samples cover the whole window: over less (just after start-up),
     *     one collection weighs too much to act on
     */
    record Share(double value, boolean complete) {}

    private record Sample(Instant at, Duration gcTime) {}

    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();

    GcTimeWindow(Duration window) {
        this.window = window;
    }

    Share add(Instant at, Duration gcTime) {
        samples.addLast(new Sample(at, gcTime));
        Instant start = at.minus(window);
        while (samples.size() > 1 && !second().at().isAfter(start)) {
            samples.removeFirst();
        }
        Sample base = samples.getFirst();
        long span = Duration.between(base.at(), at).toNanos();
        if (span <= 0) {
            return new Share(0, false);
        }
        double share = (double) gcTime.minus(base.gcTime()).toNanos() / span;
        return new Share(Math.max(0, Math.min(1, share)), !base.at().isAfter(start));
    }

    private Sample second() {
        Iterator<Sample> it = samples.iterator();
        it.next();
        return it.next();
    }
}
