package dev.sparkjobs.job;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What the caller asked for: everything about a job that does not change while it lives. */
public record JobSpec(
        String type,
        String name,
        Map<String, Object> params,
        String pool,
        int priority,
        Duration timeout,
        Map<String, String> tags,
        RetryPolicy retry) {

    public JobSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(timeout, "timeout");
        // JSON objects may hold nulls, which Map.copyOf refuses
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        retry = retry == null ? RetryPolicy.NONE : retry;
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
}
