package dev.sparkjobs.batches;

import static dev.sparkjobs.batches.BatchFixture.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batch.FailurePolicy;
import dev.sparkjobs.execution.NotPermittedException;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.UncategorizedSQLException;

class BatchCoordinatorTest {

    private final BatchFixture f = new BatchFixture();
    private final BatchCoordinator coordinator = f.coordinator(() -> true);

    @Test
    void aBatchWhoseStepThrowsDoesNotHoldUpTheBatchesAfterIt() {
        BatchId older = f.submit(FailurePolicy.CONTINUE, null, node("a"));
        BatchId newer = f.submit(FailurePolicy.CONTINUE, null, node("a"));
        f.nodeJobs.throwing.put("a", n -> {
            f.nodeJobs.throwing.clear(); // only the first start throws: the older batch's
            return new IllegalStateException("a policy plug-in broke");
        });

        coordinator.round();

        assertThat(f.batch(newer).node("a").state()).isEqualTo(JobState.QUEUED);
        assertThat(f.batch(older).state()).isEqualTo(BatchState.RUNNING);
    }

    @Test
    void aBatchThatKeepsThrowingIsTriedLessOftenThenEndsFailedWithWhy() {
        BatchId id = f.submit(FailurePolicy.CONTINUE, null, node("a"));
        AtomicInteger tries = new AtomicInteger();
        f.nodeJobs.throwing.put("a", n -> {
            tries.incrementAndGet();
            return new IllegalStateException("a policy plug-in broke");
        });

        coordinator.round();
        coordinator.round(); // woken at once: not tried again yet
        assertThat(tries).hasValue(1);
        for (int i = 0; i < 40 && !f.batch(id).isTerminal(); i++) {
            f.clock.advance(Duration.ofSeconds(1));
            coordinator.round();
        }

        assertThat(tries).hasValue(5);
        assertThat(f.batch(id).state()).isEqualTo(BatchState.FAILED);
        assertThat(f.batch(id).error()).contains("5 steps in a row failed").contains("a policy plug-in broke");
    }

    @Test
    void aBatchItsOwnerMayNoLongerRunEndsFailedAtOnce() {
        BatchId id = f.submit(FailurePolicy.CONTINUE, null, node("a"), node("b"));
        f.stepper.step(id);
        BatchId other = f.submit(FailurePolicy.CONTINUE, null, node("c"));
        f.nodeJobs.throwing.put(
                "c",
                n -> new NotPermittedException(
                        new Caller("alice", "default", EnumSet.noneOf(Role.class)), Role.SUBMITTER, "submit jobs"));

        coordinator.round();

        assertThat(f.batch(other).state()).isEqualTo(BatchState.FAILED);
        assertThat(f.batch(other).error()).contains("submit jobs");
        assertThat(f.batch(id).state()).isEqualTo(BatchState.RUNNING);
    }

    @Test
    void aStoreOutageEndsTheRoundAndCountsAgainstNoBatch() {
        BatchId older = f.submit(FailurePolicy.CONTINUE, null, node("a"));
        BatchId newer = f.submit(FailurePolicy.CONTINUE, null, node("b"));
        f.nodeJobs.throwing.put("a", n -> new DataAccessResourceFailureException("the store is down"));

        for (int i = 0; i < 10; i++) {
            coordinator.round();
        }

        assertThat(f.batch(newer).node("b").isPending()).as("the round ended").isTrue();
        assertThat(f.batch(older).state()).isEqualTo(BatchState.RUNNING);
    }

    @Test
    void aJobThatEndsBeforeTheStepThatMadeItIsOverStillStepsItsBatch() {
        BatchId id = f.submit(FailurePolicy.CONTINUE, null, node("a"), node("b", "a"));
        f.nodeJobs.afterStart = job -> {
            f.nodeJobs.afterStart = j -> {};
            Job ended = job.start(f.clock.instant(), "i").succeed(java.util.Map.of(), f.clock.instant());
            f.jobs.transition(job, ended);
            coordinator.jobEnded(ended); // a very short job: over before its step recorded it
        };
        coordinator.round();
        assertThat(f.batch(id).node("b").isPending()).isTrue();

        coordinator.woken();

        assertThat(f.job(id, "b").state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void aStoreErrorThatIsNoOutageCountsAgainstNoBatchAndHoldsUpNoOther() {
        BatchId older = f.submit(FailurePolicy.CONTINUE, null, node("a"));
        BatchId newer = f.submit(FailurePolicy.CONTINUE, null, node("b"));
        // a write that reaches a standby during a failover: Spring maps SQLState 25006 to nothing better
        f.nodeJobs.throwing.put(
                "a",
                n -> new UncategorizedSQLException(
                        "start", "INSERT INTO job ...", new SQLException("read-only transaction", "25006")));

        coordinator.round();
        assertThat(f.batch(newer).node("b").state())
                .as("the newer batch was stepped in the same round")
                .isEqualTo(JobState.QUEUED);
        for (int i = 0; i < 40; i++) {
            f.clock.advance(Duration.ofSeconds(1));
            coordinator.round();
        }

        assertThat(f.batch(older).state()).isEqualTo(BatchState.RUNNING);
        assertThat(f.batch(older).error()).isNull();
    }

    @Test
    void aLockHeldOnOneBatchHoldsUpNoOther() {
        BatchId older = f.submit(FailurePolicy.CONTINUE, null, node("a"));
        BatchId newer = f.submit(FailurePolicy.CONTINUE, null, node("b"));
        f.nodeJobs.throwing.put("a", n -> new CannotAcquireLockException("a session holds the row"));

        coordinator.round();

        assertThat(f.batch(newer).node("b").state()).isEqualTo(JobState.QUEUED);
        assertThat(f.batch(older).state()).isEqualTo(BatchState.RUNNING);
    }

    @Test
    void aBatchThatCannotEvenBeEndedHoldsUpNoOther() {
        BatchId older = f.submit(FailurePolicy.CONTINUE, null, node("a"));
        BatchId newer = f.submit(FailurePolicy.CONTINUE, null, node("b"));
        f.nodeJobs.throwing.put(
                "a",
                n -> new NotPermittedException(
                        new Caller("alice", "default", EnumSet.noneOf(Role.class)), Role.SUBMITTER, "submit jobs"));
        f.store.beforeFinish = id -> {
            if (id.equals(older)) {
                throw new IllegalStateException("its row cannot be written");
            }
        };

        coordinator.round();

        assertThat(f.batch(newer).node("b").state()).isEqualTo(JobState.QUEUED);
        assertThat(f.batch(older).state()).isEqualTo(BatchState.RUNNING);
    }

    @Test
    void failedStepsAreForgottenWhenTheLeaseIsLost() {
        AtomicBoolean held = new AtomicBoolean(true);
        BatchCoordinator leased = f.coordinator(held::get);
        BatchId id = f.submit(FailurePolicy.CONTINUE, null, node("a"));
        AtomicInteger tries = new AtomicInteger();
        f.nodeJobs.throwing.put("a", n -> {
            tries.incrementAndGet();
            return new IllegalStateException("a policy plug-in broke");
        });
        for (int i = 0; i < 40 && tries.get() < 4; i++) {
            f.clock.advance(Duration.ofSeconds(1));
            leased.round();
        }
        assertThat(tries).hasValue(4);

        held.set(false); // another instance runs the batches for a while
        f.clock.advance(Duration.ofHours(1));
        leased.round();
        held.set(true);
        leased.round();

        assertThat(tries).hasValue(5);
        assertThat(f.batch(id).state())
                .as("its one failure since the lease came back is not its fifth")
                .isEqualTo(BatchState.RUNNING);
    }
}
