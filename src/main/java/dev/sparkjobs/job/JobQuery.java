package dev.sparkjobs.job;

import java.util.Map;
import java.util.Set;

/**
 * A page request over jobs, newest first. Empty or null filters match everything; a job matches
 * {@code states} when it is in any of them; a null {@code tenant} means every tenant's jobs; {@code beforeSeq} is the decoded cursor (jobs
 * submitted before that position).
 */
public record JobQuery(
        String tenant,
        Set<JobState> states,
        String type,
        String pool,
        Map<String, String> tags,
        int limit,
        Long beforeSeq) {

    public JobQuery {
        states = states == null ? Set.of() : Set.copyOf(states);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
