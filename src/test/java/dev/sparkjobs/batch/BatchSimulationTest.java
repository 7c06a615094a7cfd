package dev.sparkjobs.batch;

import static dev.sparkjobs.job.JobState.CANCELLED;
import static dev.sparkjobs.job.JobState.FAILED;
import static dev.sparkjobs.job.JobState.SKIPPED;
import static dev.sparkjobs.job.JobState.SUCCEEDED;
import static dev.sparkjobs.job.JobState.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.JobState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Drives whole batches through the planner as the coordinator does: plan, apply, plan again until
 * nothing is new; then let time pass (each started job ends after its duration, with its outcome).
 */
class BatchSimulationTest {

    /** The outcome of a node's job and how many ticks it takes. */
    private record Work(JobState outcome, int ticks) {}

    private static final class Run {
        final BatchGraph g;
        final int concurrency;
        final FailurePolicy policy;
        final Map<String, Work> work;
        final Map<String, NodeStatus> status = new HashMap<>();
        final Map<String, Integer> age = new HashMap<>();
        final Map<String, String> reasons = new LinkedHashMap<>();
        int plans;
        int ticks;
        BatchState end;

        Run(BatchGraph g, int concurrency, FailurePolicy policy, Map<String, Work> work) {
            this.g = g;
            this.concurrency = concurrency;
            this.policy = policy;
            this.work = work;
        }

        Run toTheEnd() {
            while (end == null) {
                settle();
                if (end == null) {
                    tick();
                }
                assertThat(ticks).as("ticks").isLessThan(10_000);
            }
            // the end is a fixed point: planning again changes nothing
            Plan again = BatchPlanner.plan(g, concurrency, policy, status, null);
            assertThat(again.isIdle()).isTrue();
            assertThat(again.end()).isEqualTo(end);
            return this;
        }

        /** Plans and applies until a plan brings nothing new. */
        private void settle() {
            while (true) {
                Plan plan = BatchPlanner.plan(g, concurrency, policy, status, null);
                plans++;
                plan.skip().forEach((key, why) -> {
                    assertThat(status.get(key))
                            .as("%s is skipped only while pending", key)
                            .isNull();
                    status.put(key, new NodeStatus(key, SKIPPED, null));
                    reasons.put(key, why);
                });
                if (plan.cancelActive()) {
                    status.replaceAll((key, s) -> s.isActive() ? new NodeStatus(key, CANCELLED, null) : s);
                }
                for (String key : plan.start()) {
                    assertThat(status.get(key)).as("%s starts only once", key).isNull();
                    status.put(key, new NodeStatus(key, JobState.QUEUED, null));
                    age.put(key, 0);
                }
                assertThat(status.values().stream().filter(NodeStatus::isActive))
                        .hasSizeLessThanOrEqualTo(concurrency);
                if (plan.end() != null) {
                    end = plan.end();
                    return;
                }
                if (plan.isIdle()) {
                    return;
                }
            }
        }

        private void tick() {
            ticks++;
            status.replaceAll((key, s) -> {
                if (!s.isActive()) {
                    return s;
                }
                int now = age.merge(key, 1, Integer::sum);
                Work w = work.getOrDefault(key, new Work(SUCCEEDED, 1));
                if (now < w.ticks()) {
                    return new NodeStatus(key, JobState.RUNNING, null);
                }
                return new NodeStatus(key, w.outcome(), w.outcome() == SUCCEEDED ? Map.of() : null);
            });
        }

        Map<String, JobState> states() {
            Map<String, JobState> states = new LinkedHashMap<>();
            g.nodes().forEach(n -> states.put(n.key(), status.get(n.key()).state()));
            return states;
        }
    }

    /** Twenty nodes using every runIf both ways; n04 fails, n10 times out, n20 runs long. */
    private static BatchGraph twenty() {
        return BatchGraph.of(List.of(
                NodeSpec.of("n01"),
                NodeSpec.of("n02"),
                NodeSpec.of("n03", "n01"),
                NodeSpec.of("n04", "n01"),
                NodeSpec.of("n05", "n02"),
                NodeSpec.of("n06", RunIf.ALL_SUCCESS, "n03", "n04"),
                NodeSpec.of("n07", RunIf.ALL_DONE, "n03", "n04"),
                NodeSpec.of("n08", RunIf.NONE_FAILED, "n03", "n04"),
                NodeSpec.of("n09", RunIf.AT_LEAST_ONE_FAILED, "n03", "n04"),
                NodeSpec.of("n10", "n05"),
                NodeSpec.of("n11", RunIf.NONE_FAILED, "n06"),
                NodeSpec.of("n12", RunIf.ALL_SUCCESS, "n06"),
                NodeSpec.of("n13", RunIf.ALL_SUCCESS, "n09"),
                NodeSpec.of("n14", RunIf.AT_LEAST_ONE_FAILED, "n10"),
                NodeSpec.of("n15", RunIf.ALL_SUCCESS, "n10"),
                NodeSpec.of("n16", RunIf.AT_LEAST_ONE_FAILED, "n15"),
                NodeSpec.of("n17", RunIf.ALL_DONE, "n15"),
                NodeSpec.of("n18", RunIf.NONE_FAILED, "n08", "n07"),
                NodeSpec.of("n19", RunIf.ALL_DONE, "n12", "n16"),
                NodeSpec.of("n20")));
    }

    private static final Map<String, Work> TWO_FAILURES =
            Map.of("n04", new Work(FAILED, 1), "n10", new Work(TIMED_OUT, 2), "n20", new Work(SUCCEEDED, 6));

    private static Map<String, JobState> expect(Object... keysAndStates) {
        Map<String, JobState> expected = new LinkedHashMap<>();
        for (int i = 0; i < keysAndStates.length; i += 2) {
            expected.put((String) keysAndStates[i], (JobState) keysAndStates[i + 1]);
        }
        return expected;
    }

    @Test
    void continueRunsEveryConditionToItsOwnEnd() {
        Run run = new Run(twenty(), 3, FailurePolicy.CONTINUE, TWO_FAILURES).toTheEnd();

        assertThat(run.states())
                .containsExactlyEntriesOf(expect(
                        "n01", SUCCEEDED, "n02", SUCCEEDED, "n03", SUCCEEDED, "n04", FAILED, "n05", SUCCEEDED, "n06",
                        SKIPPED, "n07", SUCCEEDED, "n08", SKIPPED, "n09", SUCCEEDED, "n10", TIMED_OUT, "n11", SUCCEEDED,
                        "n12", SKIPPED, "n13", SUCCEEDED, "n14", SUCCEEDED, "n15", SKIPPED, "n16", SKIPPED, "n17",
                        SUCCEEDED, "n18", SUCCEEDED, "n19", SUCCEEDED, "n20", SUCCEEDED));
        assertThat(run.end).isEqualTo(BatchState.FAILED);
        assertThat(run.reasons)
                .containsEntry("n06", "runIf ALL_SUCCESS cannot hold: n04 FAILED")
                .containsEntry("n12", "runIf ALL_SUCCESS cannot hold: n06 SKIPPED")
                .containsEntry("n16", "runIf AT_LEAST_ONE_FAILED cannot hold: no dependency failed");
        // repair: the two failures, the skips, and everything below them that ran anyway
        assertThat(BatchPlanner.toRepair(run.g, run.status))
                .containsExactly(
                        "n04", "n06", "n07", "n08", "n09", "n10", "n11", "n12", "n13", "n14", "n15", "n16", "n17",
                        "n18", "n19");
    }

    @Test
    void failFastStopsAtTheFirstFailure() {
        Run run = new Run(twenty(), 3, FailurePolicy.FAIL_FAST, TWO_FAILURES).toTheEnd();

        // tick 0 starts n01 n02 n20; tick 1 n03 n04 (n20 still running); n04 fails at tick 2
        Map<String, JobState> expected =
                expect("n01", SUCCEEDED, "n02", SUCCEEDED, "n03", SUCCEEDED, "n04", FAILED, "n20", CANCELLED);
        for (int i = 5; i <= 19; i++) {
            expected.put(String.format("n%02d", i), SKIPPED);
        }
        assertThat(run.states()).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(run.end).isEqualTo(BatchState.FAILED);
        assertThat(run.reasons.values()).containsOnly("batch stopped: n04 FAILED");
        assertThat(BatchPlanner.toRepair(run.g, run.status))
                .doesNotContain("n01", "n02", "n03")
                .contains("n20");
    }

    @Test
    void aRepairedBatchRunsItsRepairedNodesAgain() {
        Run run = new Run(twenty(), 3, FailurePolicy.CONTINUE, TWO_FAILURES).toTheEnd();
        for (String key : BatchPlanner.toRepair(run.g, run.status)) {
            run.status.remove(key);
        }
        // the same batch, and this time nothing fails
        Run again = new Run(run.g, 3, FailurePolicy.CONTINUE, Map.of());
        again.status.putAll(run.status);
        again.toTheEnd();
        assertThat(again.states().values()).containsOnly(SUCCEEDED, SKIPPED);
        assertThat(again.states()).containsEntry("n09", SKIPPED).containsEntry("n14", SKIPPED);
        assertThat(again.end).isEqualTo(BatchState.SUCCEEDED);
    }

    @Test
    void aThousandNodeChainIsPlannedInLinearTime() {
        List<NodeSpec> chain = new ArrayList<>();
        chain.add(NodeSpec.of("n0"));
        for (int i = 1; i < 1000; i++) {
            chain.add(NodeSpec.of("n" + i, "n" + (i - 1)));
        }
        long t0 = System.nanoTime();
        Run run = new Run(BatchGraph.of(chain), 8, FailurePolicy.CONTINUE, Map.of()).toTheEnd();
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(run.end).isEqualTo(BatchState.SUCCEEDED);
        assertThat(run.ticks).isEqualTo(1000);
        // about two plans per tick, each over the whole chain: quadratic work per plan would take minutes
        assertThat(run.plans).isGreaterThanOrEqualTo(2000);
        assertThat(millis).as("ms for %d plans of a 1000-node chain", run.plans).isLessThan(5_000);
    }

    @Test
    void aThousandNodeFanOutIsPlannedInLinearTime() {
        List<NodeSpec> fan = new ArrayList<>();
        fan.add(NodeSpec.of("root"));
        for (int i = 1; i < 999; i++) {
            fan.add(NodeSpec.of("leaf" + i, "root"));
        }
        List<String> leaves = fan.stream().skip(1).map(NodeSpec::key).toList();
        fan.add(NodeSpec.of("sink", RunIf.ALL_DONE, leaves.toArray(String[]::new)));
        long t0 = System.nanoTime();
        Run run = new Run(BatchGraph.of(fan), 200, FailurePolicy.CONTINUE, Map.of("leaf7", new Work(FAILED, 1)))
                .toTheEnd();
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(run.end).isEqualTo(BatchState.FAILED);
        assertThat(run.states()).containsEntry("sink", SUCCEEDED).containsEntry("leaf7", FAILED);
        assertThat(run.ticks).isEqualTo(1 + 5 + 1); // root, 998 leaves 200 at a time, the sink
        assertThat(millis).as("ms for a 1000-node fan-out").isLessThan(5_000);
    }

    @Test
    void planningTimeGrowsLinearlyWithTheBatch() {
        // the same number of node visits in both: about the same time if linear, eight times if quadratic
        var small = chainHalfDone(125);
        var large = chainHalfDone(1000);
        long bestSmall = Long.MAX_VALUE;
        long bestLarge = Long.MAX_VALUE;
        for (int round = 0; round < 8; round++) { // alternating, best of each, so load and JIT hit both alike
            long s = nanos(small, 4000);
            long l = nanos(large, 500);
            if (round >= 2) {
                bestSmall = Math.min(bestSmall, s);
                bestLarge = Math.min(bestLarge, l);
            }
        }
        double ratio = (double) bestLarge / bestSmall;
        assertThat(ratio)
                .as("time of 500 plans of 1000 nodes / 4000 plans of 125 nodes")
                .isLessThan(3.0);
    }

    /** A chain whose first half SUCCEEDED: every plan walks all of it and starts the next one. */
    private static Map.Entry<BatchGraph, Map<String, NodeStatus>> chainHalfDone(int size) {
        List<NodeSpec> chain = new ArrayList<>();
        Map<String, NodeStatus> status = new HashMap<>();
        chain.add(NodeSpec.of("n0"));
        for (int i = 1; i < size; i++) {
            chain.add(NodeSpec.of("n" + i, "n" + (i - 1)));
        }
        for (int i = 0; i < size / 2; i++) {
            status.put("n" + i, new NodeStatus("n" + i, SUCCEEDED, Map.of()));
        }
        return Map.entry(BatchGraph.of(chain), status);
    }

    private static long nanos(Map.Entry<BatchGraph, Map<String, NodeStatus>> batch, int plans) {
        long t0 = System.nanoTime();
        for (int i = 0; i < plans; i++) {
            BatchPlanner.plan(batch.getKey(), 8, FailurePolicy.CONTINUE, batch.getValue(), null);
        }
        return System.nanoTime() - t0;
    }

    @Test
    void oneFailureSkipsAThousandNodeChainInOnePlan() {
        List<NodeSpec> chain = new ArrayList<>();
        chain.add(NodeSpec.of("n0"));
        for (int i = 1; i < 1000; i++) {
            chain.add(NodeSpec.of("n" + i, "n" + (i - 1)));
        }
        BatchGraph g = BatchGraph.of(chain);
        Plan plan =
                BatchPlanner.plan(g, 8, FailurePolicy.CONTINUE, Map.of("n0", new NodeStatus("n0", FAILED, null)), null);
        assertThat(plan.skip()).hasSize(999);
        assertThat(plan.end()).isEqualTo(BatchState.FAILED);
    }
}
