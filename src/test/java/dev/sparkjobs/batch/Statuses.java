package dev.sparkjobs.batch;

import dev.sparkjobs.job.JobState;
import java.util.LinkedHashMap;
import java.util.Map;

/** Node statuses written as {@code "a=SUCCEEDED", "b=RUNNING"}; a key not named is PENDING. */
final class Statuses {

    private Statuses() {}

    static Map<String, NodeStatus> of(String... entries) {
        Map<String, NodeStatus> status = new LinkedHashMap<>();
        for (String entry : entries) {
            String[] kv = entry.split("=");
            JobState state = kv[1].equals("PENDING") ? null : JobState.valueOf(kv[1]);
            status.put(kv[0], new NodeStatus(kv[0], state, state == JobState.SUCCEEDED ? Map.of() : null));
        }
        return status;
    }
}
