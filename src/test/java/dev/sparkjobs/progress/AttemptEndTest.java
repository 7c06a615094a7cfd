package dev.sparkjobs.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.SideWrite;
import dev.sparkjobs.spark.SparkJobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * An attempt's end against a listener bus that runs behind: what it stores and meters must hold
 * every event Spark posted before the attempt ended, and tasks that end after their Spark job.
 */
class AttemptEndTest {

    private static final JobCost.Owner OWNER = new JobCost.Owner("sql", "default", "ops");

    private final JobId id = JobId.random();
    private final JobCostTest.FakeCostStore costs = new JobCostTest.FakeCostStore();
    private final Map<JobId, JobProgress> stored = new ConcurrentHashMap<>();
    private final List<JobCost> metered = new ArrayList<>();

    /** The fake listener bus: one thread, delivering in order, held back until {@link #gate} opens. */
    private final ExecutorService bus = Executors.newSingleThreadExecutor();

    private final CountDownLatch gate = new CountDownLatch(1);
    private final ProgressBoard board = new ProgressBoard(null, marker -> {
        gate.countDown(); // the bus catches up only once the end asks: it is as far behind as it can be
        bus.execute(() -> listener().onOtherEvent(marker));
    });
    private final SparkProgressListener listener = new SparkProgressListener(board);

    private final ProgressStore progressStore = new ProgressStore() {
        @Override
        public void save(JobId job, JobProgress progress) {
            stored.put(job, progress);
        }

        @Override
        public Optional<JobProgress> find(JobId job) {
            return Optional.ofNullable(stored.get(job));
        }
    };

    private SparkProgressListener listener() {
        return listener;
    }

    private JobProgressService service(JobProgressService.Waits waits, CostMeter meter) {
        return new JobProgressService(board, progressStore, costs, meter, waits);
    }

    private final JobProgressService service = service(
            new JobProgressService.Waits(Duration.ofSeconds(10), Duration.ofSeconds(10)),
            (owner, cost) -> metered.add(cost));

    @AfterEach
    void stopTheBus() throws InterruptedException {
        gate.countDown();
        bus.shutdownNow();
        assertThat(bus.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Queues a listener event on the fake bus, delivered once the gate opens. */
    private void post(Runnable event) {
        bus.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            event.run();
        });
    }

    /** The attempt's end as the engine writes it, without a transaction: each write alone. */
    private static void end(JobProgressService s, JobId job, int attempt) {
        s.ending(job, attempt).forEach(SideWrite::writeAlone);
    }

    private static TaskReading task(long runMillis) {
        return JobCostTest.task(1_000_000L, runMillis, 0, 0, 0, 0);
    }

    @Test
    void anEndReadBeforeTheBusDeliveredTheAttemptsSparkJobStillCountsIt() {
        costs.owners.put(id, OWNER);
        service.start(id, 1);
        // Spark ran the whole Spark job before the attempt ended; the bus has delivered none of it
        post(() -> board.sparkJobStarted(3, SparkJobs.tagOf(id), SparkJobs.groupOf(id, 1), new int[] {30}));
        post(() -> board.stageSubmitted(30, 2));
        post(() -> board.taskStarted(30));
        post(() -> board.taskStarted(30));
        post(() -> board.taskEnded(30, true, task(1500)));
        post(() -> board.taskEnded(30, true, task(1500)));
        post(() -> board.stageCompleted(30, true));
        post(() -> board.sparkJobEnded(3, true));

        end(service, id, 1);
        service.close(id, 1);

        assertThat(costs.saved.get(id).get(1).tasks()).isEqualTo(2);
        assertThat(costs.saved.get(id).get(1).executorRunMillis()).isEqualTo(3000);
        assertThat(metered).hasSize(1);
        assertThat(metered.get(0).tasks()).isEqualTo(2);
        assertThat(stored.get(id).tasks()).isEqualTo(new JobProgress.TaskCount(2, 2, 0));
        assertThat(stored.get(id).sparkJobs()).isEqualTo(new JobProgress.Count(1, 1));
    }

    @Test
    void aTaskThatEndsAfterItsSparkJobIsCountedKilledTasksOfAStoppedAttemptToo() throws Exception {
        gate.countDown(); // a bus that keeps up
        costs.owners.put(id, OWNER);
        service.start(id, 1);
        post(() -> board.sparkJobStarted(4, SparkJobs.tagOf(id), SparkJobs.groupOf(id, 1), new int[] {40}));
        post(() -> board.stageSubmitted(40, 1));
        post(() -> board.taskStarted(40));
        post(() -> board.sparkJobEnded(4, false)); // cancelled: the task is killed, its end comes later
        CountDownLatch busy = new CountDownLatch(1);
        post(busy::countDown);
        busy.await();
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(300); // the executor takes a while to kill the task
            } catch (InterruptedException e) {
                return;
            }
            post(() -> board.taskEnded(40, false, task(2800)));
        });
        late.start();

        end(service, id, 1);
        service.close(id, 1);
        late.join();

        assertThat(costs.saved.get(id).get(1).executorRunMillis()).isEqualTo(2800);
        assertThat(stored.get(id).tasks().failed()).isOne();
    }

    @Test
    void aTaskThatNeverEndsHoldsTheEndOnlyAsLongAsTheWindDown() {
        gate.countDown();
        JobProgressService quick = service(
                new JobProgressService.Waits(Duration.ofSeconds(5), Duration.ofMillis(200)),
                (owner, cost) -> metered.add(cost));
        costs.owners.put(id, OWNER);
        quick.start(id, 1);
        post(() -> board.sparkJobStarted(5, SparkJobs.tagOf(id), SparkJobs.groupOf(id, 1), new int[] {50}));
        post(() -> board.stageSubmitted(50, 1));
        post(() -> board.taskStarted(50));
        post(() -> board.sparkJobEnded(5, false));

        long began = System.nanoTime();
        end(quick, id, 1);
        quick.close(id, 1);

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(3));
        assertThat(costs.saved.get(id).get(1)).isEqualTo(JobCost.ZERO);
        assertThat(metered).containsExactly(JobCost.ZERO);
    }

    @Test
    void aBusThatNeverAnswersHoldsTheEndOnlyAsLongAsItsBound() {
        ProgressBoard deaf = new ProgressBoard(null, marker -> {}); // a stopped SparkContext drops it
        JobProgressService s = new JobProgressService(
                deaf,
                progressStore,
                costs,
                (owner, cost) -> metered.add(cost),
                new JobProgressService.Waits(Duration.ofMillis(200), Duration.ofSeconds(5)));
        costs.owners.put(id, OWNER);
        s.start(id, 1);

        long began = System.nanoTime();
        end(s, id, 1);
        s.close(id, 1);

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(3));
        assertThat(metered).containsExactly(JobCost.ZERO);
    }

    @Test
    void aMeterThatThrowsLosesTheMeteringNeverTheStoredCost() {
        gate.countDown();
        JobProgressService s = service(JobProgressService.Waits.DEFAULT, (owner, cost) -> {
            throw new IllegalStateException("registry broken");
        });
        costs.owners.put(id, OWNER);
        s.start(id, 1);

        end(s, id, 1); // must not throw: the end is recorded next
        s.close(id, 1);

        assertThat(costs.saved.get(id)).containsEntry(1, JobCost.ZERO);
        assertThat(stored).containsKey(id);
    }

    @Test
    void anAttemptsCloseNeverTakesTheOwnerOfTheNextAttempt() {
        // attempt 2 starts on another worker just as attempt 1 closes: between whatever close checks
        // and what it removes
        JobProgressService[] services = new JobProgressService[1];
        boolean[] armed = {false};
        ProgressBoard racing = new ProgressBoard(null) {
            @Override
            public int liveAttempt(JobId job) {
                int now = super.liveAttempt(job);
                if (armed[0]) {
                    armed[0] = false;
                    services[0].start(job, now + 1);
                }
                return now;
            }
        };
        JobProgressService s = new JobProgressService(
                racing, progressStore, costs, (owner, cost) -> metered.add(cost), JobProgressService.Waits.DEFAULT);
        services[0] = s;
        costs.owners.put(id, OWNER);
        s.start(id, 1);
        end(s, id, 1);

        armed[0] = true;
        s.close(id, 1);
        if (armed[0]) { // close did not look at the board: attempt 2 starts now
            armed[0] = false;
            s.start(id, 2);
        }
        end(s, id, 2);
        s.close(id, 2);

        assertThat(metered).hasSize(2); // attempt 2's cost is charged to its owner too
    }

    @Test
    void theEndingGivesItsWritesForTheEndsTransactionAndStoresNothingItself() {
        gate.countDown();
        costs.owners.put(id, OWNER);
        service.start(id, 1);
        post(() -> board.sparkJobStarted(6, SparkJobs.tagOf(id), SparkJobs.groupOf(id, 1), new int[] {60}));
        post(() -> board.stageSubmitted(60, 1));
        post(() -> board.taskStarted(60));
        post(() -> board.taskEnded(60, true, task(700)));
        post(() -> board.sparkJobEnded(6, true));

        List<SideWrite> writes = service.ending(id, 1);

        assertThat(metered).as("metered as the attempt ends").hasSize(1);
        assertThat(stored).as("written by whoever records the end").isEmpty();
        assertThat(costs.saved).isEmpty();
        assertThat(writes).hasSize(2);
        writes.forEach(w -> w.write().run());
        service.close(id, 1);
        assertThat(stored.get(id).tasks()).isEqualTo(new JobProgress.TaskCount(1, 1, 0));
        assertThat(costs.saved.get(id).get(1).executorRunMillis()).isEqualTo(700);
    }

    @Test
    void aWriteTheStoreRefusesIsLostAloneAndAnOutageFailsTheEndsWrite() {
        gate.countDown();
        costs.owners.put(id, OWNER);
        service.start(id, 1);
        List<SideWrite> writes = service.ending(id, 1);
        service.close(id, 1);

        for (SideWrite w : writes) {
            // returns: the end is written without it
            w.failed().accept(new DataIntegrityViolationException("value too long"));
            RuntimeException away = new TransientDataAccessResourceException("store away");
            assertThatThrownBy(() -> w.failed().accept(away))
                    .as("the end would meet the outage too: tried again with its writes")
                    .isSameAs(away);
        }
        assertThat(writes).hasSize(2);
    }

    @Test
    void anAttemptNotOnTheBoardHasNothingToWrite() {
        assertThat(service.ending(id, 1)).isEmpty();
        assertThat(metered).isEmpty();
    }
}
