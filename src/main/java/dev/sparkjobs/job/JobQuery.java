package dev.sparkjobs.job;

import java.util.Map;

/**
 * A page request over jobs, newest first. Null filters match everything; {@code beforeSeq} is the
 * decoded cursor (jobs submitted before that position).
 */
public record JobQuery(JobState state, String type, String pool, Map<String, String> tags, int limit, Long beforeSeq) {

    public JobQuery {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
