package dev.sparkjobs.batch;

import dev.sparkjobs.job.JobState;
import java.util.Map;

/**
 * What the planner knows of a node now.
 *
 * @param state the state of the node's latest job; null while the node is PENDING (no job yet)
 * @param result the latest job's result; null unless it SUCCEEDED
 */
public record NodeStatus(String key, JobState state, Map<String, Object> result) {

    public static NodeStatus pending(String key) {
        return new NodeStatus(key, null, null);
    }

    public boolean isPending() {
        return state == null;
    }

    public boolean isActive() {
        return state == JobState.QUEUED || state == JobState.RUNNING;
    }

    public boolean isTerminal() {
        return state != null && state.isTerminal();
    }
}
