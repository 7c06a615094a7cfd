package dev.sparkjobs.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the caller asked for: everything about a job that does not change while it lives.
 *
 * @param weight how much of the running capacity the job takes while it runs (1 for a typical job)
 * @param writes the tables the job writes and how: what the caller declared and what its type derived
 * @param cancelIfUnpolled how long the job may go with nobody reading its status while QUEUED or
 *     RUNNING before the server cancels it as abandoned; null: never
 */
public record JobSpec(
        String type,
        String name,
        Map<String, Object> params,
        String pool,
        int priority,
        Duration timeout,
        Map<String, String> tags,
        RetryPolicy retry,
        double weight,
        List<TableWrite> writes,
        Duration cancelIfUnpolled) {

    public static final double DEFAULT_WEIGHT = 1.0;

    public JobSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(timeout, "timeout");
        // JSON objects may hold nulls, which Map.copyOf refuses
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        retry = retry == null ? RetryPolicy.NONE : retry;
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("a job's weight must be positive, not " + weight);
        }
        writes = writes == null ? List.of() : List.copyOf(new LinkedHashSet<>(writes));
        if (cancelIfUnpolled != null && (cancelIfUnpolled.isNegative() || cancelIfUnpolled.isZero())) {
            throw new IllegalArgumentException("cancelIfUnpolled must be positive, not " + cancelIfUnpolled);
        }
    }

    /** A spec that is never cancelled for want of a reader. */
    public JobSpec(
            String type,
            String name,
            Map<String, Object> params,
            String pool,
            int priority,
            Duration timeout,
            Map<String, String> tags,
            RetryPolicy retry,
            double weight,
            List<TableWrite> writes) {
        this(type, name, params, pool, priority, timeout, tags, retry, weight, writes, null);
    }

    /** A spec of weight 1 that declares no writes. */
    public JobSpec(
            String type,
            String name,
            Map<String, Object> params,
            String pool,
            int priority,
            Duration timeout,
            Map<String, String> tags,
            RetryPolicy retry) {
        this(type, name, params, pool, priority, timeout, tags, retry, DEFAULT_WEIGHT, List.of());
    }

    /** A spec whose job runs once. */
    public JobSpec(
            String type,
            String name,
            Map<String, Object> params,
            String pool,
            int priority,
            Duration timeout,
            Map<String, String> tags) {
        this(type, name, params, pool, priority, timeout, tags, RetryPolicy.NONE);
    }

    /** Both lists of writes in one, each write once, in order. */
    public static List<TableWrite> union(List<TableWrite> declared, List<TableWrite> derived) {
        List<TableWrite> all = new ArrayList<>(declared == null ? List.of() : declared);
        all.addAll(derived == null ? List.of() : derived);
        return List.copyOf(new LinkedHashSet<>(all));
    }
}
