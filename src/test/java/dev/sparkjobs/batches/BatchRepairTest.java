package dev.sparkjobs.batches;

import static dev.sparkjobs.batches.BatchFixture.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batch.FailurePolicy;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Repairs of batches the coordinator gave up on: decided from the jobs as they are now. */
class BatchRepairTest {

    private static final Caller ALICE = new Caller("alice", "default", EnumSet.of(Role.SUBMITTER, Role.VIEWER));

    private final BatchFixture f = new BatchFixture();
    private final BatchCoordinator coordinator = f.coordinator(() -> true);
    // what a repair does not use (submit checks, job defaults, callbacks) is left out
    private final BatchService service =
            new BatchService(f.store, f.jobs, null, coordinator, f.metrics, null, null, f.reads, null, f.clock);

    @Test
    void aBatchGivenUpBeforeItsNodeGotAJobRunsThatNodeOnARepair() {
        BatchId id = f.submit(FailurePolicy.CONTINUE, null, node("a"));
        f.nodeJobs.throwing.put("a", n -> new IllegalStateException("a policy plug-in broke"));
        giveUp(id);
        assertThat(f.batch(id).node("a").isPending()).isTrue();

        f.nodeJobs.throwing.clear();
        BatchView repaired = service.repair(id.toString(), ALICE);

        assertThat(repaired.batch().state()).isEqualTo(BatchState.RUNNING);
        assertThat(repaired.batch().node("a").run()).isEqualTo(2);
        assertThat(repaired.batch().node("a").earlierJobIds()).isEmpty();
        coordinator.round();
        f.succeed(id, "a");
        coordinator.round();
        assertThat(f.batch(id).state()).isEqualTo(BatchState.SUCCEEDED);
    }

    @Test
    void aRepairRerunsTheJobsAGiveUpCancelledThoughTheirNodesStillSayRunning() {
        BatchId id = f.submit(FailurePolicy.CONTINUE, null, node("a"), node("b"));
        f.nodeJobs.throwing.put("b", n -> new IllegalStateException("a policy plug-in broke"));
        coordinator.round(); // a starts, then b throws
        Job a = f.job(id, "a");
        f.jobs.transition(a, a.start(f.clock.instant(), "i"));
        f.clock.advance(Duration.ofSeconds(1));
        coordinator.round(); // a's node mirrors RUNNING
        assertThat(f.batch(id).node("a").state()).isEqualTo(JobState.RUNNING);
        giveUp(id);
        assertThat(f.job(id, "a").state()).isEqualTo(JobState.CANCELLED);
        assertThat(f.batch(id).node("a").state()).as("never mirrored").isEqualTo(JobState.RUNNING);

        f.nodeJobs.throwing.clear();
        BatchView repaired = service.repair(id.toString(), ALICE);

        assertThat(repaired.batch().node("a").run()).isEqualTo(2);
        assertThat(repaired.batch().node("a").earlierJobIds()).containsExactly(a.id());
        assertThat(repaired.batch().node("b").run()).isEqualTo(2);
        coordinator.round();
        f.succeed(id, "a");
        f.succeed(id, "b");
        coordinator.round();
        assertThat(f.batch(id).state()).isEqualTo(BatchState.SUCCEEDED);
    }

    @Test
    void aRepairWhileJobsOfTheEndedBatchAreStillStoppingIsRefusedWhole() {
        BatchId id = f.submit(FailurePolicy.CONTINUE, null, node("a"), node("b"));
        f.nodeJobs.throwing.put("b", n -> new IllegalStateException("a policy plug-in broke"));
        f.nodeJobs.cancelsSlowly = true;
        coordinator.round();
        Job a = f.job(id, "a");
        f.jobs.transition(a, a.start(f.clock.instant(), "i"));
        giveUp(id);
        int repairs = f.batch(id).repairs();

        assertThatThrownBy(() -> service.repair(id.toString(), ALICE))
                .isInstanceOf(BatchConflictException.class)
                .hasMessageContaining("still stopping (a)")
                .hasMessageContaining("repair it once they ended");
        assertThat(f.batch(id).state()).isEqualTo(BatchState.FAILED);
        assertThat(f.batch(id).repairs()).isEqualTo(repairs);

        Job running = f.job(id, "a");
        f.jobs.transition(running, running.stopByBatch(f.clock.instant()));
        f.nodeJobs.throwing.clear();
        assertThat(service.repair(id.toString(), ALICE).batch().state()).isEqualTo(BatchState.RUNNING);
    }

    @Test
    void nothingToRepairSaysEveryJobSucceededOnlyWhenTheyDid() {
        BatchId id = f.submit(FailurePolicy.CONTINUE, null, node("a"));
        coordinator.round();
        f.succeed(id, "a");
        coordinator.round();
        assertThat(f.batch(id).state()).isEqualTo(BatchState.SUCCEEDED);

        assertThatThrownBy(() -> service.repair(id.toString(), ALICE))
                .isInstanceOf(BatchConflictException.class)
                .hasMessageContaining("every job succeeded");
    }

    /** Rounds until the coordinator gives up on the batch after its step failed five times. */
    private void giveUp(BatchId id) {
        for (int i = 0; i < 60 && !f.batch(id).isTerminal(); i++) {
            f.clock.advance(Duration.ofSeconds(1));
            coordinator.round();
        }
        assertThat(f.batch(id).state()).isEqualTo(BatchState.FAILED);
        assertThat(f.batch(id).error()).contains("in a row failed");
    }
}
