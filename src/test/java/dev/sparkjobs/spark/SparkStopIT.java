package dev.sparkjobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.support.AbstractIT;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/** What a stop does to the attempt's Spark work on a real SparkContext. */
class SparkStopIT extends AbstractIT {

    private static final Logger log = LoggerFactory.getLogger(SparkStopIT.class);

    @Autowired
    private SparkJobs sparkJobs;

    @Autowired
    private JobSessions sessions;

    /**
     * A task killed before its stage is cancelled counts as failed-by-kill, and the scheduler runs it
     * again; a stopped job must see none of its tasks start after the stop. Three cancels in a row,
     * because whether the kill or the stage cancel reaches the scheduler first is a race.
     */
    @Test
    void aStoppedJobsTasksAreNotLaunchedAgain() {
        for (int round = 0; round < 3; round++) {
            GroupTasks tasks = new GroupTasks();
            spark.sparkContext().addSparkListener(tasks);
            try {
                String id = api.submitOk(sql(ENDLESS));
                awaitSparkJobRunning(id);
                await().atMost(Duration.ofSeconds(30)).until(() -> !tasks.of(id).isEmpty());

                long stopAskedAt = System.currentTimeMillis();
                api.cancel(id);
                awaitState(id, "CANCELLED");
                await().atMost(Duration.ofSeconds(30)).until(() -> tasks.completed.containsAll(tasks.stagesOf(id)));

                assertThat(tasks.of(id))
                        .as("tasks of the stopped job launched after the stop (relaunches), round %d", round)
                        .filteredOn(t -> t.launchedAt() >= stopAskedAt || t.attemptNumber() > 0)
                        .isEmpty();
                await().atMost(Duration.ofSeconds(30)).until(() -> tasks.ended
                        .keySet()
                        .containsAll(tasks.of(id).stream().map(Started::taskId).toList()));
                long lastEnd = tasks.of(id).stream()
                        .mapToLong(t -> tasks.ended.get(t.taskId()))
                        .max()
                        .orElseThrow();
                log.info(
                        "round {}: the stopped job's last task ended {} ms after the stop",
                        round,
                        lastEnd - stopAskedAt);
            } finally {
                spark.sparkContext().removeSparkListener(tasks);
            }
        }
    }

    /**
     * A plug-in job type that started Spark work on a thread of its own (which inherits the job's
     * group) and then threw: that work is cancelled before the attempt's session goes back for reuse.
     */
    @Test
    void aFailedAttemptsSparkWorkOnAThreadOfItsOwnIsCancelledBeforeItsSessionIsGivenBack() throws Exception {
        JobId id = JobId.random();
        AtomicReference<Throwable> leftoverEnd = new AtomicReference<>();
        JobSpark.Scope scope = sparkJobs.open(id, 1, "default", "leaves Spark work behind");
        Thread leftover;
        try {
            SparkSession session = scope.session();
            leftover = new Thread(
                    () -> {
                        try {
                            // a cancelled task is only marked killed; user code ends it where it looks, as
                            // Spark's own iterators do
                            session.range(0, 10_000_000_000L).foreach((ForeachFunction<Long>)
                                    row -> TaskContext.get().killTaskIfInterrupted());
                        } catch (Throwable t) {
                            leftoverEnd.set(t);
                        }
                    },
                    "leftover-spark-work");
            leftover.start();
            awaitSparkJobRunning(id.toString()); // the attempt's work throws while this runs
        } finally {
            scope.close();
        }
        try {
            long dropped = sessions.dropped();

            boolean quiet = scope.settle(JobSpark.Ending.FAILED, Duration.ofSeconds(10));
            scope.release();

            assertThat(sparkJobsRunning(id.toString()))
                    .as("Spark jobs of the failed attempt still running")
                    .isZero();
            leftover.join(30_000);
            assertThat(leftover.isAlive()).isFalse();
            assertThat(leftoverEnd.get()).as("the leftover work was cancelled").isNotNull();
            await("no task of the failed attempt still runs")
                    .atMost(Duration.ofSeconds(30))
                    .until(() ->
                            Arrays.stream(spark.sparkContext().statusTracker().getExecutorInfos())
                                            .mapToInt(e -> e.numRunningTasks())
                                            .sum()
                                    == 0);
            assertThat(quiet).isTrue();
            assertThat(sessions.dropped())
                    .as("a session whose work was seen stopped is kept")
                    .isEqualTo(dropped);
        } finally {
            sparkJobs.stop(id, 1, "test over");
            leftover.join(30_000);
        }
    }

    private record Started(int stageId, long taskId, int attemptNumber, long launchedAt) {}

    /** The stages and task starts of one job group, as the listener bus delivers them. */
    private static final class GroupTasks extends SparkListener {

        final Map<Integer, String> groupByStage = new ConcurrentHashMap<>();
        final Set<Integer> completed = ConcurrentHashMap.newKeySet();
        final List<Started> started = new CopyOnWriteArrayList<>();
        /** Task id to when it ended (its finish time as Spark records it). */
        final Map<Long, Long> ended = new ConcurrentHashMap<>();

        Set<Integer> stagesOf(String group) {
            return groupByStage.entrySet().stream()
                    .filter(e -> e.getValue().equals(group))
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
        }

        List<Started> of(String group) {
            Set<Integer> stages = stagesOf(group);
            return started.stream().filter(t -> stages.contains(t.stageId())).toList();
        }

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted event) {
            String g = event.properties() == null
                    ? null
                    : event.properties().getProperty(SparkJobTracker.JOB_GROUP_PROPERTY);
            if (g != null) {
                groupByStage.put(event.stageInfo().stageId(), g);
            }
        }

        @Override
        public void onStageCompleted(SparkListenerStageCompleted event) {
            completed.add(event.stageInfo().stageId());
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd event) {
            ended.put(event.taskInfo().taskId(), event.taskInfo().finishTime());
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart event) {
            var info = event.taskInfo();
            started.add(new Started(event.stageId(), info.taskId(), info.attemptNumber(), info.launchTime()));
        }
    }
}
