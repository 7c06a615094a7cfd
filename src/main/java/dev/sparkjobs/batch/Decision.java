package dev.sparkjobs.batch;

import dev.sparkjobs.job.JobState;
import java.util.ArrayList;
import java.util.List;

/** What a PENDING node's runIf says over its dependencies' states now: run, wait, or skip and why. */
record Decision(Verdict verdict, String reason) {

    enum Verdict {
        RUN,
        WAIT,
        SKIP
    }

    static final Decision RUN = new Decision(Verdict.RUN, null);
    static final Decision WAIT = new Decision(Verdict.WAIT, null);

    /** The most dependencies a skip reason names; the rest are counted. */
    private static final int NAMED = 5;

    /**
     * Decides a condition as soon as it cannot change: ALL_SUCCESS on the first dependency that did
     * not succeed, NONE_FAILED on the first that failed; otherwise once every dependency has ended.
     *
     * @param state by node; null = PENDING
     */
    static Decision of(RunIf runIf, BatchGraph g, int[] dependencies, JobState[] state) {
        if (dependencies.length == 0) {
            return RUN;
        }
        List<Integer> failed = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        boolean allEnded = true;
        for (int d : dependencies) {
            JobState s = state[d];
            if (BatchPlanner.failed(s)) {
                failed.add(d);
            } else if (s == JobState.SKIPPED) {
                skipped.add(d);
            } else if (s != JobState.SUCCEEDED) {
                allEnded = false;
            }
        }
        return switch (runIf) {
            case ALL_SUCCESS -> {
                if (!failed.isEmpty() || !skipped.isEmpty()) {
                    List<Integer> culprits = new ArrayList<>(failed);
                    culprits.addAll(skipped);
                    culprits.sort(null); // dependsOn order would do; index order is as stable and cheaper
                    yield skip(runIf, g, culprits, state);
                }
                yield allEnded ? RUN : WAIT;
            }
            case NONE_FAILED -> !failed.isEmpty() ? skip(runIf, g, failed, state) : allEnded ? RUN : WAIT;
            case ALL_DONE -> allEnded ? RUN : WAIT;
            case AT_LEAST_ONE_FAILED ->
                !allEnded
                        ? WAIT
                        : !failed.isEmpty()
                                ? RUN
                                : new Decision(
                                        Verdict.SKIP, "runIf AT_LEAST_ONE_FAILED cannot hold: no dependency failed");
        };
    }

    private static Decision skip(RunIf runIf, BatchGraph g, List<Integer> culprits, JobState[] state) {
        StringBuilder why = new StringBuilder("runIf " + runIf + " cannot hold: ");
        for (int i = 0; i < Math.min(NAMED, culprits.size()); i++) {
            int d = culprits.get(i);
            why.append(i == 0 ? "" : ", ").append(g.key(d)).append(' ').append(state[d]);
        }
        if (culprits.size() > NAMED) {
            why.append(" and ").append(culprits.size() - NAMED).append(" more");
        }
        return new Decision(Verdict.SKIP, why.toString());
    }
}
