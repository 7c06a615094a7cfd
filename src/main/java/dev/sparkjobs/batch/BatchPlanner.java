package dev.sparkjobs.batch;

import dev.sparkjobs.job.JobState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what a batch does next from what its nodes are now. Pure and deterministic, and O(nodes +
 * edges) per call: the coordinator calls it on every tick of every running batch.
 */
public final class BatchPlanner {

    private BatchPlanner() {}

    /**
     * What to do next. Skips cascade within one call (a skipped node's dependents are decided as if it
     * were already SKIPPED), so applying a plan and planning again only starts what the freed slots
     * allow. {@code cancelActive} stays true while the batch is stopping and jobs of it are still
     * queued or running: cancelling is asked for again until they have ended.
     *
     * @param concurrency how many of the batch's jobs may be queued or running at once (at least 1)
     * @param status every node's status by key; a key that is missing counts as PENDING
     * @param stopReason null while the batch runs normally; else CANCELLED or TIMED_OUT (batch-level stop)
     */
    public static Plan plan(
            BatchGraph g,
            int concurrency,
            FailurePolicy policy,
            Map<String, NodeStatus> status,
            BatchState stopReason) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency is at least 1; was " + concurrency);
        }
        if (stopReason != null && stopReason != BatchState.CANCELLED && stopReason != BatchState.TIMED_OUT) {
            throw new IllegalArgumentException("a batch stops CANCELLED or TIMED_OUT, not " + stopReason);
        }
        JobState[] state = states(g, status);
        int active = 0;
        int firstFailed = -1;
        for (int i = 0; i < state.length; i++) {
            if (state[i] == JobState.QUEUED || state[i] == JobState.RUNNING) {
                active++;
            } else if (firstFailed < 0 && failed(state[i])) {
                firstFailed = i;
            }
        }
        String stop = stopReason == BatchState.CANCELLED
                ? "batch cancelled"
                : stopReason == BatchState.TIMED_OUT
                        ? "batch timed out"
                        : policy == FailurePolicy.FAIL_FAST && firstFailed >= 0
                                ? "batch stopped: " + g.key(firstFailed) + " " + state[firstFailed]
                                : null;
        Map<String, String> skip = new LinkedHashMap<>();
        List<String> start = new ArrayList<>();
        if (stop != null) {
            for (int i = 0; i < state.length; i++) {
                if (state[i] == null) {
                    skip.put(g.key(i), stop);
                    state[i] = JobState.SKIPPED;
                }
            }
        } else {
            boolean[] runnable = decide(g, state, skip);
            for (int i = 0; i < state.length && active + start.size() < concurrency; i++) {
                if (runnable[i]) {
                    start.add(g.key(i));
                }
            }
        }
        boolean cancelActive = stop != null && active > 0;
        BatchState end = start.isEmpty() && active == 0 && allTerminal(state) ? end(state, stopReason) : null;
        return new Plan(start, skip, cancelActive, end);
    }

    /**
     * Decides every PENDING node whose dependencies allow it, dependencies first: marks the ones to
     * run, and records (and applies to {@code state}) the ones to skip, in request order.
     */
    private static boolean[] decide(BatchGraph g, JobState[] state, Map<String, String> skip) {
        boolean[] runnable = new boolean[state.length];
        String[] reasons = new String[state.length];
        for (int node : g.topologicalOrder()) {
            if (state[node] != null) {
                continue;
            }
            Decision d = Decision.of(g.runIf(node), g, g.dependenciesOf(node), state);
            if (d.verdict() == Decision.Verdict.RUN) {
                runnable[node] = true;
            } else if (d.verdict() == Decision.Verdict.SKIP) {
                reasons[node] = d.reason();
                state[node] = JobState.SKIPPED;
            }
        }
        for (int i = 0; i < reasons.length; i++) {
            if (reasons[i] != null) {
                skip.put(g.key(i), reasons[i]);
            }
        }
        return runnable;
    }

    /**
     * Keys a repair reruns: FAILED, CANCELLED, TIMED_OUT and SKIPPED nodes, PENDING ones (a batch given up
     * on ends before some nodes got a job), and all their downstream (even those that SUCCEEDED: they ran
     * on what is about to change), in request order. Empty: nothing to repair. Meant for a batch that has
     * ended and whose jobs all ended: a node still QUEUED or RUNNING is left alone, so its caller refuses
     * a repair while any is.
     */
    public static Set<String> toRepair(BatchGraph g, Map<String, NodeStatus> status) {
        JobState[] state = states(g, status);
        List<Integer> unsuccessful = new ArrayList<>();
        for (int i = 0; i < state.length; i++) {
            if (state[i] == null || failed(state[i]) || state[i] == JobState.SKIPPED) {
                unsuccessful.add(i);
            }
        }
        Set<String> reached = g.reach(unsuccessful, g.dependentsLinks(), true);
        Set<String> ordered = new LinkedHashSet<>();
        for (int i = 0; i < state.length; i++) {
            if (reached.contains(g.key(i))) {
                ordered.add(g.key(i));
            }
        }
        return Collections.unmodifiableSet(ordered);
    }

    /** FAILED, TIMED_OUT or CANCELLED: what runIf counts as failed (a cancel by a user included). */
    static boolean failed(JobState state) {
        return state == JobState.FAILED || state == JobState.TIMED_OUT || state == JobState.CANCELLED;
    }

    private static JobState[] states(BatchGraph g, Map<String, NodeStatus> status) {
        JobState[] state = new JobState[g.size()];
        for (int i = 0; i < state.length; i++) {
            NodeStatus s = status.get(g.key(i));
            state[i] = s == null ? null : s.state();
        }
        return state;
    }

    private static boolean allTerminal(JobState[] state) {
        for (JobState s : state) {
            if (s == null || !s.isTerminal()) {
                return false;
            }
        }
        return true;
    }

    private static BatchState end(JobState[] state, BatchState stopReason) {
        if (stopReason != null) {
            return stopReason;
        }
        for (JobState s : state) {
            if (failed(s)) {
                return BatchState.FAILED;
            }
        }
        return BatchState.SUCCEEDED;
    }
}
