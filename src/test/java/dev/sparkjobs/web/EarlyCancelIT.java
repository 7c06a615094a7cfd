package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.AbstractIT;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cancel that comes early in an attempt (queued, just RUNNING, while the statement is planned or
 * its stages prepared, before its first Spark job is submitted) must leave no Spark work of the job
 * behind. Adaptive execution prepares each shuffle stage on a thread of its own (code generation takes
 * a while for a plan it has not compiled yet) and submits it as a map-stage job seconds after the
 * attempt's interrupted thread has returned and the job was recorded CANCELLED; unstopped, its tasks
 * hold both local cores until killed and the next job never gets them.
 */
class EarlyCancelIT extends AbstractIT {

    private static final int ROUNDS = 6;
    /**
     * How long a task that starts after its job's cancel may live (Spark's launch to finish): killed on
     * sight, within seconds even on a loaded machine; the work it would do runs for minutes.
     */
    private static final Duration KILLED_WITHIN = Duration.ofSeconds(10);
    /** A task of a cancelled job the listener still sees running after this long runs on. */
    private static final Duration RUNNING_ON = Duration.ofSeconds(15);

    private final GroupTasks tasks = new GroupTasks();

    @BeforeEach
    void listen() {
        spark.sparkContext().addSparkListener(tasks);
    }

    @AfterEach
    void stopLeftovers() {
        SparkContext sc = spark.sparkContext();
        sc.removeSparkListener(tasks);
        // whatever this test failed to see stopped must not starve the tests after it
        tasks.groups().forEach(group -> sc.cancelJobGroup(group, "left behind by a cancelled job"));
        tasks.running().keySet().forEach(task -> sc.killTaskAttempt(task, true, "left behind by a cancelled job"));
    }

    @Test
    void aJobCancelledEarlyInItsAttemptLeavesNoSparkWorkRunning() {
        Map<String, Long> cancelledAt = new ConcurrentHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            String id = api.submitOk(sqlIn("serial", 0, round % 2 == 0 ? endless() : slowToPlan()));
            cancelAt(round, id);
            tasks.note("cancel " + id);
            cancelledAt.put(id, System.currentTimeMillis());
            assertThat(api.cancel(id).status()).isIn(200, 202);
            awaitState(id, "CANCELLED");
            tasks.note("CANCELLED " + id);
            // the reported case: Spark work submitted and started seconds after the job was CANCELLED
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .failFast(() -> assertThat(tasks.runningLongerThan(cancelledAt.keySet(), RUNNING_ON))
                            .as("tasks of cancelled jobs running on; timeline:%n  %s", tasks.timeline())
                            .isEmpty())
                    .until(() -> true);
        }
        await().atMost(Duration.ofSeconds(30))
                .failFast(() -> assertThat(tasks.runningLongerThan(cancelledAt.keySet(), RUNNING_ON))
                        .as("tasks of cancelled jobs running on; timeline:%n  %s", tasks.timeline())
                        .isEmpty())
                .until(() -> tasks.running().isEmpty());

        // what started after its job's cancel died at once, by Spark's own clock
        List<GroupTasks.Task> late = tasks.ended().stream()
                .filter(t -> t.launchedAt() >= cancelledAt.getOrDefault(t.group(), Long.MAX_VALUE))
                .toList();
        System.out.printf(
                "%d tasks of %d cancelled jobs started after the cancel; the longest lived %d ms%n",
                late.size(),
                ROUNDS,
                late.stream().mapToLong(GroupTasks.Task::lived).max().orElse(0));
        assertThat(late).as(tasks::timeline).allSatisfy(t -> assertThat(t.lived())
                .isLessThan(KILLED_WITHIN.toMillis()));

        // and the cores are free for whoever comes next
        long start = System.nanoTime();
        String next = api.submitOk(sqlIn("serial", 0, "SELECT count(*) FROM range(0, 10000000)"));
        assertThat(api.awaitFinal(next).path("state").asString())
                .as(tasks::timeline)
                .isEqualTo("SUCCEEDED");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    /**
     * Where in the attempt the cancel lands: right after the submit (a third of the rounds), as soon as
     * RUNNING is visible, or after a few more reads of the job (each a round trip of milliseconds).
     */
    private void cancelAt(int round, String id) {
        if (round % 3 == 0) {
            return;
        }
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> api.state(id).equals("RUNNING"));
        int reads = round % 3 == 1 ? 0 : round * 3;
        for (int i = 0; i < reads; i++) {
            api.state(id);
        }
    }

    /** {@code ENDLESS} with a constant of its own, so its code is generated (slowly) anew each time. */
    private static String endless() {
        return "SELECT sum(id % " + nonce() + ") FROM range(0, 50000000000)";
    }

    /** Endless work behind a plan that takes a while to plan and prepare: many unioned aggregates. */
    private static String slowToPlan() {
        long nonce = nonce();
        return IntStream.range(0, 24)
                .mapToObj(i ->
                        "SELECT sum(id % " + (nonce + i) + ") AS s FROM range(0, 50000000000) WHERE id % 97 <> " + i)
                .collect(Collectors.joining(" UNION ALL ", "SELECT sum(s) FROM (", ")"));
    }

    private static long nonce() {
        return ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000);
    }

    /** The Spark jobs and tasks of our job groups, and a timeline to tell what happened when. */
    static final class GroupTasks extends SparkListener {

        /** A task as Spark timed it; {@code finishedAt} 0 while it runs. */
        record Task(String group, long launchedAt, long finishedAt) {
            long lived() {
                return finishedAt - launchedAt;
            }
        }

        private static final String GROUP = "spark.jobGroup.id";

        private final Map<Integer, String> groupByStage = new ConcurrentHashMap<>();
        private final Map<Long, Task> running = new ConcurrentHashMap<>();
        private final List<Task> ended = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, Boolean> groups = new ConcurrentHashMap<>();
        private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
        private final long t0 = System.currentTimeMillis();

        void note(String what) {
            timeline.add((System.currentTimeMillis() - t0) + " ms " + what);
        }

        String timeline() {
            synchronized (timeline) {
                return String.join("\n  ", timeline);
            }
        }

        @Override
        public void onJobStart(SparkListenerJobStart event) {
            String group =
                    event.properties() == null ? null : event.properties().getProperty(GROUP);
            if (group != null) {
                groups.put(group, true);
                note("Spark job " + event.jobId() + " of " + group + " submitted at " + (event.time() - t0) + " ms");
            }
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd event) {
            note("Spark job " + event.jobId() + " ended");
        }

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted event) {
            String group =
                    event.properties() == null ? null : event.properties().getProperty(GROUP);
            if (group != null) {
                groupByStage.put(event.stageInfo().stageId(), group);
            }
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart event) {
            String group = groupByStage.get(event.stageId());
            if (group != null) {
                running.put(
                        event.taskInfo().taskId(),
                        new Task(group, event.taskInfo().launchTime(), 0));
                note("task " + event.taskInfo().taskId() + " of " + group + " launched at "
                        + (event.taskInfo().launchTime() - t0) + " ms");
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd event) {
            Task task = running.remove(event.taskInfo().taskId());
            if (task != null) {
                ended.add(new Task(
                        task.group(), task.launchedAt(), event.taskInfo().finishTime()));
                note("task " + event.taskInfo().taskId() + " ended after "
                        + ended.get(ended.size() - 1).lived() + " ms");
            }
        }

        Map<Long, Task> running() {
            return Map.copyOf(running);
        }

        List<String> groups() {
            return List.copyOf(groups.keySet());
        }

        List<Task> ended() {
            synchronized (ended) {
                return List.copyOf(ended);
            }
        }

        List<Long> runningLongerThan(Set<String> groups, Duration limit) {
            long now = System.currentTimeMillis();
            return running.entrySet().stream()
                    .filter(e -> groups.contains(e.getValue().group()))
                    .filter(e -> now - e.getValue().launchedAt() > limit.toMillis())
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }
}
