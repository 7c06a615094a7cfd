package dev.sparkjobs.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.SideWrite;
import dev.sparkjobs.spark.SparkJobs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.executor.TaskMetrics;
import org.junit.jupiter.api.Test;

/** The cost of a job from fake task ends: per attempt on the board, over attempts in the service. */
class JobCostTest {

    private final ProgressBoard board = new ProgressBoard(null);
    private final JobId id = JobId.random();
    private final FakeCostStore costs = new FakeCostStore();
    private final List<JobCost> metered = new ArrayList<>();
    private final JobProgressService service = new JobProgressService(
            board,
            new ProgressStore() {
                @Override
                public void save(JobId job, JobProgress progress) {}

                @Override
                public Optional<JobProgress> find(JobId job) {
                    return Optional.empty();
                }
            },
            costs,
            (owner, cost) -> {
                assertThat(owner).isEqualTo(new JobCost.Owner("sql", "default", "ops"));
                metered.add(cost);
            });

    /** A task's figures: cpu in ns, run and gc in ms. */
    static TaskReading task(
            long cpuNanos, long runMillis, long gcMillis, long shuffleRead, long shuffleWrite, long peak) {
        TaskReading r = new TaskReading().clear();
        r.cpuNanos = cpuNanos;
        r.runMillis = runMillis;
        r.gcMillis = gcMillis;
        r.shuffleReadBytes = shuffleRead;
        r.shuffleWriteBytes = shuffleWrite;
        r.peakExecutionMemory = peak;
        r.inputRows = 10;
        r.inputBytes = 100;
        r.outputRows = 1;
        r.outputBytes = 20;
        return r;
    }

    private void sparkJob(int attempt, int sparkJob, int stage) {
        board.sparkJobStarted(sparkJob, SparkJobs.tagOf(id), SparkJobs.groupOf(id, attempt), new int[] {stage});
        board.stageSubmitted(stage, 2);
    }

    @Test
    void sumsEveryTaskOfTheAttemptFailedOnesTooAndKeepsTheLargestPeak() {
        board.open(id, 1);
        sparkJob(1, 1, 10);
        board.taskEnded(10, true, task(2_000_000_000L, 2500, 100, 0, 4096, 1 << 20));
        board.taskEnded(10, false, task(500_000_000L, 700, 0, 0, 0, 3 << 20));
        sparkJob(1, 2, 11);
        board.taskEnded(11, true, task(1_000_000_000L, 1000, 50, 4096, 0, 2 << 20));

        JobCost cost = board.liveCost(id).orElseThrow();

        assertThat(cost).isEqualTo(new JobCost(3, 3_500_000_000L, 4200, 150, 300, 30, 60, 3, 4096, 4096, 3 << 20));
        assertThat(cost.taskCpuSeconds()).isEqualTo(3.5);
        assertThat(cost.executorRunSeconds()).isEqualTo(4.2);
        assertThat(cost.gcSeconds()).isEqualTo(0.15);
    }

    @Test
    void tasksOfOtherJobsAndOfStagesNoAttemptListedCostNothing() {
        board.open(id, 2);
        JobId other = JobId.random();
        board.sparkJobStarted(1, SparkJobs.tagOf(other), SparkJobs.groupOf(other, 1), new int[] {1});
        sparkJob(1, 2, 2); // the earlier attempt's group
        board.taskEnded(1, true, task(1, 1, 1, 1, 1, 1));
        board.taskEnded(2, true, task(1, 1, 1, 1, 1, 1));
        board.taskEnded(99, true, task(1, 1, 1, 1, 1, 1));

        assertThat(board.liveCost(id)).contains(JobCost.ZERO);
    }

    @Test
    void aJobsCostAddsUpOverItsAttemptsLiveWhileOneRunsAndIsMeteredAsEachEnds() {
        costs.owners.put(id, new JobCost.Owner("sql", "default", "ops"));
        assertThat(service.cost(id)).isEmpty(); // never ran

        service.start(id, 1);
        sparkJob(1, 1, 10);
        board.taskEnded(10, false, task(1_000_000_000L, 1000, 10, 0, 0, 100));
        assertThat(service.cost(id).orElseThrow().tasks()).isOne(); // live
        board.sparkJobEnded(1, false);
        service.ending(id, 1).forEach(SideWrite::writeAlone);
        service.close(id, 1);
        JobCost first = service.cost(id).orElseThrow();
        assertThat(first.taskCpuNanos()).isEqualTo(1_000_000_000L);

        service.start(id, 2);
        sparkJob(2, 2, 20);
        board.taskEnded(20, true, task(3_000_000_000L, 3000, 30, 0, 0, 50));
        board.sparkJobEnded(2, true);
        service.ending(id, 2).forEach(SideWrite::writeAlone); // stored, and still on the board: counted once
        assertThat(service.cost(id).orElseThrow().tasks()).isEqualTo(2);
        service.close(id, 2);

        JobCost total = service.cost(id).orElseThrow();
        assertThat(total.tasks()).isEqualTo(2);
        assertThat(total.taskCpuSeconds()).isEqualTo(4.0);
        assertThat(total.executorRunMillis()).isEqualTo(4000);
        assertThat(total.gcMillis()).isEqualTo(40);
        assertThat(total.inputRows()).isEqualTo(20);
        assertThat(total.peakExecutionMemoryBytes()).isEqualTo(100);
        assertThat(metered).hasSize(2);
        assertThat(metered.get(0).taskCpuNanos()).isEqualTo(1_000_000_000L);
        assertThat(metered.get(1).taskCpuNanos()).isEqualTo(3_000_000_000L);
    }

    @Test
    void anAttemptWithoutSparkWorkCostsNothingButIsStillRecorded() {
        costs.owners.put(id, new JobCost.Owner("sql", "default", "ops"));
        service.start(id, 1);
        service.ending(id, 1).forEach(SideWrite::writeAlone);
        service.close(id, 1);

        assertThat(service.cost(id)).contains(JobCost.ZERO);
        assertThat(metered).containsExactly(JobCost.ZERO);
    }

    @Test
    void aStoreThatFailsLosesTheCostNeverTheEnd() {
        costs.failing = true;
        service.start(id, 1); // the owner cannot be read: nothing metered
        sparkJob(1, 1, 10);
        board.taskEnded(10, true, task(1, 1, 1, 1, 1, 1));
        board.sparkJobEnded(1, true);
        service.ending(id, 1).forEach(SideWrite::writeAlone);
        service.close(id, 1);
        assertThat(metered).isEmpty();
    }

    @Test
    void theListenerReadsSparksTaskMetricsShuffleReadBeingRemotePlusLocal() {
        TaskMetrics m = TaskMetrics.empty();
        m.setExecutorCpuTime(7_000_000);
        m.setExecutorRunTime(9);
        m.setJvmGCTime(2);
        m.setPeakExecutionMemory(1024);
        m.inputMetrics().setRecordsRead(5);
        m.inputMetrics().setBytesRead(50);
        m.outputMetrics().setRecordsWritten(3);
        m.outputMetrics().setBytesWritten(30);
        m.shuffleReadMetrics().setRemoteBytesRead(100);
        m.shuffleReadMetrics().setLocalBytesRead(11);
        m.shuffleWriteMetrics().incBytesWritten(77);

        TaskReading r = SparkProgressListener.read(m, new TaskReading());

        CostCounters c = new CostCounters();
        c.add(r);
        assertThat(c.snapshot()).isEqualTo(new JobCost(1, 7_000_000, 9, 2, 50, 5, 30, 3, 111, 77, 1024));
        // a failed task without metrics: a task, nothing else, whatever the last one read
        c.add(SparkProgressListener.read(null, r));
        assertThat(c.snapshot().tasks()).isEqualTo(2);
        assertThat(c.snapshot().taskCpuNanos()).isEqualTo(7_000_000);
    }

    @Test
    void plusSumsAndKeepsTheLargerPeak() {
        JobCost a = new JobCost(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 500);
        JobCost b = new JobCost(10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 300);
        assertThat(a.plus(b)).isEqualTo(new JobCost(11, 22, 33, 44, 55, 66, 77, 88, 99, 110, 500));
        assertThat(JobCost.ZERO.plus(a)).isEqualTo(a);
    }

    /** Attempts' costs in a map, summed the way the JDBC store sums them. */
    static class FakeCostStore implements CostStore {
        final Map<JobId, Map<Integer, JobCost>> saved = new HashMap<>();
        final Map<JobId, JobCost.Owner> owners = new HashMap<>();
        boolean failing;

        @Override
        public void save(JobId job, int attempt, JobCost cost) {
            fail();
            saved.computeIfAbsent(job, j -> new HashMap<>()).put(attempt, cost);
        }

        @Override
        public Optional<JobCost> total(JobId job, int leaving) {
            fail();
            return saved.getOrDefault(job, Map.of()).entrySet().stream()
                    .filter(e -> e.getKey() != leaving)
                    .map(Map.Entry::getValue)
                    .reduce(JobCost::plus);
        }

        @Override
        public Optional<JobCost.Owner> owner(JobId job) {
            fail();
            return Optional.ofNullable(owners.get(job));
        }

        private void fail() {
            if (failing) {
                throw new IllegalStateException("store away");
            }
        }
    }
}
