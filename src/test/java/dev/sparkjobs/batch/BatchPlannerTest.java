package dev.sparkjobs.batch;

import static dev.sparkjobs.batch.FailurePolicy.CONTINUE;
import static dev.sparkjobs.batch.FailurePolicy.FAIL_FAST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.job.JobState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

    private static BatchGraph graph(NodeSpec... nodes) {
        return BatchGraph.of(List.of(nodes));
    }

    private static NodeSpec node(String key, RunIf runIf, String... deps) {
        return NodeSpec.of(key, runIf, deps);
    }

    private static NodeSpec node(String key, String... deps) {
        return NodeSpec.of(key, deps);
    }

    private static Plan plan(BatchGraph g, FailurePolicy policy, String... status) {
        return BatchPlanner.plan(g, 8, policy, Statuses.of(status), null);
    }

    /** What the spec's table says x (runIf over d1, d2) does, each dependency in one of eight states. */
    private static String expected(RunIf runIf, JobState d1, JobState d2) {
        List<JobState> deps = Arrays.asList(d1, d2);
        boolean anyFailed =
                deps.stream().anyMatch(s -> s == JobState.FAILED || s == JobState.TIMED_OUT || s == JobState.CANCELLED);
        boolean anySkipped = deps.contains(JobState.SKIPPED);
        boolean allEnded = deps.stream().allMatch(s -> s != null && s.isTerminal());
        boolean allSucceeded = deps.stream().allMatch(s -> s == JobState.SUCCEEDED);
        return switch (runIf) {
            case ALL_SUCCESS -> anyFailed || anySkipped ? "skip" : allSucceeded ? "start" : "wait";
            case ALL_DONE -> allEnded ? "start" : "wait";
            case NONE_FAILED -> anyFailed ? "skip" : allEnded ? "start" : "wait";
            case AT_LEAST_ONE_FAILED -> !allEnded ? "wait" : anyFailed ? "start" : "skip";
        };
    }

    @Test
    void everyRunIfUnderEveryPairOfDependencyStates() {
        List<JobState> states = new ArrayList<>(Arrays.asList(JobState.values()));
        states.add(null); // PENDING
        int checked = 0;
        for (RunIf runIf : RunIf.values()) {
            BatchGraph g = graph(node("d1"), node("d2"), node("x", runIf, "d1", "d2"));
            for (JobState s1 : states) {
                for (JobState s2 : states) {
                    var status =
                            Statuses.of("d1=" + (s1 == null ? "PENDING" : s1), "d2=" + (s2 == null ? "PENDING" : s2));
                    Plan plan = BatchPlanner.plan(g, 8, CONTINUE, status, null);
                    String did =
                            plan.start().contains("x") ? "start" : plan.skip().containsKey("x") ? "skip" : "wait";
                    assertThat(did).as("%s over %s, %s", runIf, s1, s2).isEqualTo(expected(runIf, s1, s2));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(4 * 8 * 8);
    }

    @Test
    void skipReasonsNameTheRunIfAndTheDependenciesThatDecidedIt() {
        BatchGraph g = graph(
                node("extract"),
                node("other"),
                node("a", RunIf.ALL_SUCCESS, "extract", "other"),
                node("b", RunIf.NONE_FAILED, "extract", "other"),
                node("c", RunIf.AT_LEAST_ONE_FAILED, "other"));
        Plan plan = plan(g, CONTINUE, "extract=FAILED", "other=SKIPPED");
        assertThat(plan.skip())
                .containsExactly(
                        Map.entry("a", "runIf ALL_SUCCESS cannot hold: extract FAILED, other SKIPPED"),
                        Map.entry("b", "runIf NONE_FAILED cannot hold: extract FAILED"),
                        Map.entry("c", "runIf AT_LEAST_ONE_FAILED cannot hold: no dependency failed"));
    }

    @Test
    void aReasonNamesFiveDependenciesAndCountsTheRest() {
        List<NodeSpec> nodes = new ArrayList<>();
        List<String> status = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            nodes.add(node("d" + i));
            status.add("d" + i + "=CANCELLED");
        }
        nodes.add(node("x", "d0", "d1", "d2", "d3", "d4", "d5", "d6"));
        Plan plan =
                BatchPlanner.plan(BatchGraph.of(nodes), 8, CONTINUE, Statuses.of(status.toArray(String[]::new)), null);
        assertThat(plan.skip().get("x"))
                .isEqualTo("runIf ALL_SUCCESS cannot hold: d0 CANCELLED, d1 CANCELLED, d2 CANCELLED, d3 CANCELLED,"
                        + " d4 CANCELLED and 2 more");
    }

    @Test
    void aNodeWithoutDependenciesRunsWhateverItsRunIf() {
        BatchGraph g =
                graph(node("a", RunIf.AT_LEAST_ONE_FAILED), node("b", RunIf.ALL_SUCCESS), node("c", RunIf.NONE_FAILED));
        assertThat(plan(g, CONTINUE).start()).containsExactly("a", "b", "c");
    }

    @Test
    void decidesEarlyWhatCanNoLongerHoldAndWaitsForTheRest() {
        BatchGraph g = graph(
                node("fast"),
                node("slow"),
                node("all", RunIf.ALL_SUCCESS, "fast", "slow"),
                node("none", RunIf.NONE_FAILED, "fast", "slow"),
                node("done", RunIf.ALL_DONE, "fast", "slow"),
                node("atLeast", RunIf.AT_LEAST_ONE_FAILED, "fast", "slow"));

        Plan failed = plan(g, CONTINUE, "fast=FAILED", "slow=RUNNING");
        assertThat(failed.skip()).containsOnlyKeys("all", "none");
        assertThat(failed.start()).isEmpty(); // atLeast: one failed, but it waits for slow like ALL_DONE

        Plan skipped = plan(g, CONTINUE, "fast=SKIPPED", "slow=RUNNING");
        assertThat(skipped.skip()).containsOnlyKeys("all"); // NONE_FAILED may still hold
        assertThat(skipped.start()).isEmpty();

        Plan ended = plan(g, CONTINUE, "fast=FAILED", "slow=SUCCEEDED");
        assertThat(ended.start()).containsExactly("done", "atLeast");
    }

    @Test
    void skipsCascadeInOneCall() {
        BatchGraph g = graph(
                node("a"),
                node("b", "a"),
                node("c", "b"),
                node("d", RunIf.NONE_FAILED, "c"),
                node("e", RunIf.AT_LEAST_ONE_FAILED, "c"),
                node("f", "e"));
        Plan plan = plan(g, CONTINUE, "a=TIMED_OUT");
        assertThat(plan.skip())
                .containsExactly(
                        Map.entry("b", "runIf ALL_SUCCESS cannot hold: a TIMED_OUT"),
                        Map.entry("c", "runIf ALL_SUCCESS cannot hold: b SKIPPED"),
                        Map.entry("e", "runIf AT_LEAST_ONE_FAILED cannot hold: no dependency failed"),
                        Map.entry("f", "runIf ALL_SUCCESS cannot hold: e SKIPPED"));
        assertThat(plan.start()).containsExactly("d"); // nothing upstream of it failed: c was only skipped
        assertThat(plan.end()).isNull();
    }

    @Test
    void skipsAreListedInRequestOrderEvenWhenDecidedOtherwise() {
        BatchGraph g = graph(node("late", "mid"), node("mid", "root"), node("root"));
        assertThat(plan(g, CONTINUE, "root=FAILED").skip().keySet()).containsExactly("late", "mid");
    }

    @Test
    void startsRunnableNodesInRequestOrderUpToTheConcurrency() {
        BatchGraph g = graph(node("e"), node("d"), node("c"), node("b"), node("a"));
        assertThat(BatchPlanner.plan(g, 2, CONTINUE, Statuses.of(), null).start())
                .containsExactly("e", "d");
        assertThat(BatchPlanner.plan(g, 2, CONTINUE, Statuses.of("e=RUNNING"), null)
                        .start())
                .containsExactly("d");
        assertThat(BatchPlanner.plan(g, 2, CONTINUE, Statuses.of("e=SUCCEEDED", "d=QUEUED"), null)
                        .start())
                .containsExactly("c");
        assertThat(BatchPlanner.plan(g, 2, CONTINUE, Statuses.of("e=RUNNING", "d=QUEUED", "c=RUNNING"), null)
                        .start())
                .isEmpty();
        assertThat(BatchPlanner.plan(g, 200, CONTINUE, Statuses.of(), null).start())
                .hasSize(5);
    }

    @Test
    void theConcurrencyCountsOnlyQueuedAndRunningJobs() {
        BatchGraph g = graph(node("a"), node("b"), node("c"), node("d"));
        Plan plan = BatchPlanner.plan(g, 1, CONTINUE, Statuses.of("a=FAILED", "b=SKIPPED", "c=SUCCEEDED"), null);
        assertThat(plan.start()).containsExactly("d");
    }

    @Test
    void failFastStopsTheBatchOnTheFirstFailure() {
        BatchGraph g = graph(node("a"), node("b"), node("c"), node("d", RunIf.AT_LEAST_ONE_FAILED, "a"));
        for (String failure : List.of("FAILED", "TIMED_OUT", "CANCELLED")) {
            Plan plan = plan(g, FAIL_FAST, "a=" + failure, "b=RUNNING");
            assertThat(plan.start()).as(failure).isEmpty();
            assertThat(plan.skip())
                    .as(failure)
                    .containsExactly(
                            Map.entry("c", "batch stopped: a " + failure),
                            Map.entry("d", "batch stopped: a " + failure));
            assertThat(plan.cancelActive()).as(failure).isTrue();
            assertThat(plan.end()).as(failure).isNull();
        }
        Plan stopped = plan(g, FAIL_FAST, "a=FAILED", "b=CANCELLED", "c=SKIPPED", "d=SKIPPED");
        assertThat(stopped.isIdle()).isTrue();
        assertThat(stopped.end()).isEqualTo(BatchState.FAILED);
    }

    @Test
    void continueLetsAFailureReachOnlyItsDownstream() {
        BatchGraph g =
                graph(node("a"), node("b"), node("c"), node("d", RunIf.AT_LEAST_ONE_FAILED, "a"), node("e", "a"));
        Plan plan = plan(g, CONTINUE, "a=FAILED", "b=RUNNING");
        assertThat(plan.start()).containsExactly("c", "d");
        assertThat(plan.skip()).containsOnlyKeys("e");
        assertThat(plan.cancelActive()).isFalse();
    }

    @Test
    void failFastWithoutAFailureRunsLikeContinue() {
        BatchGraph g = graph(node("a"), node("b", "a"), node("c", RunIf.AT_LEAST_ONE_FAILED, "a"));
        Plan plan = plan(g, FAIL_FAST, "a=SUCCEEDED");
        assertThat(plan.start()).containsExactly("b");
        assertThat(plan.skip()).containsOnlyKeys("c");
        assertThat(plan.cancelActive()).isFalse();
    }

    @Test
    void aBatchLevelStopSkipsEveryPendingNodeAndCancelsTheActiveOnes() {
        BatchGraph g = graph(node("a"), node("b"), node("c", "a"));
        for (BatchState stop : List.of(BatchState.CANCELLED, BatchState.TIMED_OUT)) {
            String reason = stop == BatchState.CANCELLED ? "batch cancelled" : "batch timed out";
            for (FailurePolicy policy : FailurePolicy.values()) {
                Plan plan = BatchPlanner.plan(g, 8, policy, Statuses.of("a=RUNNING"), stop);
                assertThat(plan.start()).isEmpty();
                assertThat(plan.skip()).containsExactly(Map.entry("b", reason), Map.entry("c", reason));
                assertThat(plan.cancelActive()).isTrue();
                assertThat(plan.end()).isNull();

                // its jobs, cancelled by the stop, do not trip fail-fast: the stop names the end
                Plan after =
                        BatchPlanner.plan(g, 8, policy, Statuses.of("a=CANCELLED", "b=SKIPPED", "c=SKIPPED"), stop);
                assertThat(after.isIdle()).isTrue();
                assertThat(after.end()).isEqualTo(stop);
            }
        }
    }

    @Test
    void aStopWithNothingActiveEndsTheBatchAtOnce() {
        BatchGraph g = graph(node("a"), node("b", "a"));
        Plan plan = BatchPlanner.plan(g, 8, CONTINUE, Statuses.of("a=SUCCEEDED"), BatchState.TIMED_OUT);
        assertThat(plan.skip()).containsOnlyKeys("b");
        assertThat(plan.cancelActive()).isFalse();
        assertThat(plan.end()).isEqualTo(BatchState.TIMED_OUT);
        // a cancel that comes when every node has already ended still names the end
        assertThat(BatchPlanner.plan(g, 8, CONTINUE, Statuses.of("a=SUCCEEDED", "b=SUCCEEDED"), BatchState.CANCELLED)
                        .end())
                .isEqualTo(BatchState.CANCELLED);
    }

    @Test
    void theEndIsFailedWhenAnyNodeFailedAndSucceededOtherwise() {
        BatchGraph g = graph(node("a"), node("b", RunIf.AT_LEAST_ONE_FAILED, "a"), node("c", RunIf.ALL_DONE, "b"));
        assertThat(plan(g, CONTINUE, "a=SUCCEEDED", "b=SKIPPED", "c=SUCCEEDED").end())
                .isEqualTo(BatchState.SUCCEEDED);
        assertThat(plan(g, CONTINUE, "a=FAILED", "b=SUCCEEDED", "c=SUCCEEDED").end())
                .isEqualTo(BatchState.FAILED);
        assertThat(plan(g, CONTINUE, "a=SUCCEEDED", "b=SKIPPED", "c=CANCELLED").end())
                .isEqualTo(BatchState.FAILED);
        assertThat(plan(g, CONTINUE, "a=SUCCEEDED", "b=SKIPPED", "c=TIMED_OUT").end())
                .isEqualTo(BatchState.FAILED);
        // the skip of b in this very plan completes the batch
        Plan last = plan(g, CONTINUE, "a=SUCCEEDED");
        assertThat(last.skip()).containsOnlyKeys("b");
        assertThat(last.start()).containsExactly("c");
        assertThat(last.end()).isNull();
        Plan skipsToTheEnd = plan(graph(node("a"), node("b", "a")), CONTINUE, "a=FAILED");
        assertThat(skipsToTheEnd.skip()).containsOnlyKeys("b");
        assertThat(skipsToTheEnd.end()).isEqualTo(BatchState.FAILED);
    }

    @Test
    void noEndWhileANodeIsActiveOrPending() {
        BatchGraph g = graph(node("a"), node("b"));
        assertThat(plan(g, CONTINUE, "a=SUCCEEDED", "b=RUNNING").end()).isNull();
        assertThat(plan(g, CONTINUE, "a=SUCCEEDED", "b=QUEUED").end()).isNull();
        assertThat(plan(g, CONTINUE, "a=SUCCEEDED").end()).isNull();
    }

    @Test
    void refusesANonsensicalConcurrencyOrStop() {
        BatchGraph g = graph(node("a"));
        assertThatThrownBy(() -> BatchPlanner.plan(g, 0, CONTINUE, Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchPlanner.plan(g, 1, CONTINUE, Map.of(), BatchState.FAILED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repairsTheUnsuccessfulNodesOfADiamondAndEverythingBelowThem() {
        BatchGraph g = graph(node("a"), node("b", "a"), node("c", "a"), node("d", RunIf.ALL_DONE, "b", "c"));
        assertThat(BatchPlanner.toRepair(g, Statuses.of("a=SUCCEEDED", "b=FAILED", "c=SUCCEEDED", "d=SUCCEEDED")))
                .containsExactly("b", "d");
        assertThat(BatchPlanner.toRepair(g, Statuses.of("a=CANCELLED", "b=SKIPPED", "c=SKIPPED", "d=SUCCEEDED")))
                .containsExactly("a", "b", "c", "d");
        assertThat(BatchPlanner.toRepair(g, Statuses.of("a=SUCCEEDED", "b=SUCCEEDED", "c=SUCCEEDED", "d=TIMED_OUT")))
                .containsExactly("d");
        assertThat(BatchPlanner.toRepair(g, Statuses.of("a=SUCCEEDED", "b=SUCCEEDED", "c=SUCCEEDED", "d=SUCCEEDED")))
                .isEmpty();
    }

    @Test
    void repairsAChainFromItsFirstUnsuccessfulNode() {
        BatchGraph g = graph(node("a"), node("b", "a"), node("c", "b"), node("d", RunIf.ALL_DONE, "c"));
        assertThat(BatchPlanner.toRepair(g, Statuses.of("a=SUCCEEDED", "b=TIMED_OUT", "c=SKIPPED", "d=SUCCEEDED")))
                .containsExactly("b", "c", "d");
        // once reset to PENDING, the repaired nodes are planned again from b
        Plan again = plan(g, CONTINUE, "a=SUCCEEDED");
        assertThat(again.start()).containsExactly("b");
    }

    @Test
    void repairsTheNodesAGivenUpBatchNeverStartedAndWhatHangsBelowThem() {
        BatchGraph g = graph(node("a"), node("b", "a"), node("c"));
        // a batch that ended before its nodes got a job: they run on a repair, the succeeded one stays
        assertThat(BatchPlanner.toRepair(g, Statuses.of("a=PENDING", "b=PENDING", "c=SUCCEEDED")))
                .containsExactly("a", "b");
        assertThat(BatchPlanner.toRepair(g, Statuses.of("c=CANCELLED"))).containsExactly("a", "b", "c");
        assertThat(BatchPlanner.toRepair(graph(node("x")), Statuses.of("x=PENDING")))
                .containsExactly("x");
    }

    @Test
    void repairsInRequestOrder() {
        BatchGraph g = graph(node("z", "y"), node("y", "x"), node("x"));
        assertThat(BatchPlanner.toRepair(g, Statuses.of("x=FAILED", "y=SKIPPED", "z=SKIPPED")))
                .containsExactly("z", "y", "x");
    }
}
