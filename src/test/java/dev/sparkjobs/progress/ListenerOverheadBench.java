package dev.sparkjobs.progress;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.spark.SparkJobs;
import java.util.Arrays;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * What the progress and cost listener costs a job with many tasks: the same job timed (until the
 * listener bus is empty, so the listener's work is inside the time) with and without it, alternating,
 * and the listener's own time per task end. A main, not a test:
 * {@code java -cp target/test-classes:target/classes:<test classpath> dev.sparkjobs.progress.ListenerOverheadBench}.
 */
public final class ListenerOverheadBench {

    private ListenerOverheadBench() {}

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            SparkContext sc = spark.sparkContext();
            ProgressBoard board = new ProgressBoard(null);
            Timed listener = new Timed(new SparkProgressListener(board));
            JobId id = JobId.random();
            sc.setJobGroup(SparkJobs.groupOf(id, 1), "bench", false);
            sc.addJobTag(SparkJobs.tagOf(id));
            for (int i = 0; i < 2; i++) { // warm-up, both ways
                run(spark, tasks);
            }
            long[] without = new long[rounds];
            long[] with = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                without[r] = run(spark, tasks);
                board.open(id, 1);
                sc.addSparkListener(listener);
                with[r] = run(spark, tasks);
                sc.removeSparkListener(listener);
                board.close(id, 1);
            }
            long w = median(with);
            long wo = median(without);
            System.out.printf(
                    "tasks per job %d, rounds %d: median without %.1f ms, with %.1f ms, ratio %.3f;"
                            + " listener time per task end %.0f ns (%d task ends)%n",
                    tasks,
                    rounds,
                    wo / 1e6,
                    w / 1e6,
                    (double) w / wo,
                    (double) listener.taskEndNanos / Math.max(1, listener.taskEnds),
                    listener.taskEnds);
        } finally {
            spark.stop();
        }
    }

    private static long run(SparkSession spark, int tasks) throws Exception {
        long began = System.nanoTime();
        spark.range(0, tasks * 100L, 1, tasks).selectExpr("sum(id % 7)").collect();
        spark.sparkContext().listenerBus().waitUntilEmpty();
        return System.nanoTime() - began;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The listener, with the time its task ends take. */
    private static final class Timed extends SparkListener {
        private final SparkProgressListener inner;
        long taskEndNanos;
        long taskEnds;

        Timed(SparkProgressListener inner) {
            this.inner = inner;
        }

        @Override
        public void onJobStart(SparkListenerJobStart event) {
            inner.onJobStart(event);
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd event) {
            inner.onJobEnd(event);
        }

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted event) {
            inner.onStageSubmitted(event);
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd event) {
            long began = System.nanoTime();
            inner.onTaskEnd(event);
            taskEndNanos += System.nanoTime() - began;
            taskEnds++;
        }
    }
}
