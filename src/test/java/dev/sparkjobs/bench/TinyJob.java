package dev.sparkjobs.bench;

import dev.sparkjobs.admission.AdmissionProperties;
import dev.sparkjobs.jobtypes.ResultProperties;
import dev.sparkjobs.jobtypes.RowPreview;
import dev.sparkjobs.spark.DataDirProperties;
import dev.sparkjobs.spark.FairPools;
import dev.sparkjobs.spark.JobSessions;
import dev.sparkjobs.spark.SparkConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Tiny SQL jobs on a raw thread pool and one warm session, in a JVM of its own: the other side of
 * {@link ScenarioT}. The session has the service's Spark defaults ({@link SparkConfiguration#defaults})
 * with FIFO scheduling and the UI off; each flag adds one piece of what the service does around a job:
 *
 * <ul>
 *   <li>{@code fair}: FAIR scheduling with the service's pool file, each job in the default pool;
 *   <li>{@code ui}: the Spark UI and its status listener;
 *   <li>{@code groups}: a job group, a job tag and a pool set and cleared around each job;
 *   <li>{@code sessions}: each job on a kept session borrowed from {@link JobSessions} and reset after;
 *   <li>{@code preview}: the result read as the service reads it ({@link RowPreview}) instead of
 *       {@code collectAsList()}.
 * </ul>
 *
 * <p>Arguments: {@code <workload 1|2> <warm-up jobs> <jobs> <threads> <block> <dir> [flag,flag...]}.
 * Prints one {@code BENCH key=value ...} line: the measured window's wall and CPU, the JIT's time
 * and compiles in it, Spark jobs and tasks in it, and ms/job per block of {@code block} jobs (in
 * microseconds) over the warm-up ({@code wblockK_us}) and the measured jobs ({@code blockK_us}).
 */
public final class TinyJob {

    /** W1 and W2 of {@link ScenarioT}. */
    static final List<String> WORKLOADS =
            List.of("SELECT count(*) FROM range(100000)", "SELECT id % 10, count(*) FROM range(200000) GROUP BY 1");

    /** The flags, in the order the scenario switches them on. */
    static final List<String> FLAGS = List.of("fair", "ui", "groups", "sessions", "preview");

    /** Spark jobs and tasks seen on the listener bus. */
    static final class Counting extends SparkListener {
        final AtomicLong jobs = new AtomicLong();
        final AtomicLong tasks = new AtomicLong();

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            jobs.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            tasks.incrementAndGet();
        }
    }

    public static void main(String[] args) throws Exception {
        String sql = WORKLOADS.get(Integer.parseInt(args[0]) - 1);
        int warm = Integer.parseInt(args[1]);
        int jobs = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int block = Integer.parseInt(args[4]);
        Path dir = Files.createDirectories(Path.of(args[5]));
        Set<String> flags = Set.of(args.length > 6 ? args[6].split(",") : new String[0]);
        for (String f : flags) {
            if (!f.isEmpty() && !FLAGS.contains(f)) {
                throw new IllegalArgumentException("unknown flag " + f + "; flags are " + FLAGS);
            }
        }
        SparkSession spark = session(dir, flags);
        Counting counting = new Counting();
        spark.sparkContext().addSparkListener(counting);
        JobSessions sessions = new JobSessions(spark, threads);
        ResultProperties limits = ResultProperties.defaults();
        ExecutorService pool =
                new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "tiny-job");
                    t.setDaemon(true);
                    return t;
                });
        Runner runner = new Runner(spark, sql, flags, sessions, limits);

        List<Long> warmDone = run(pool, runner, warm, "warm").times();
        long pid = ProcessHandle.current().pid();
        // a cold one-job JVM (ScenarioT's JVM per job) is timed from outside: no jcmd round trips in it
        boolean cold = warm == 0;
        Proc.Jit jit0 = cold ? new Proc.Jit(0, 0) : Proc.jit(pid);
        drain(spark);
        long jobs0 = counting.jobs.get();
        long tasks0 = counting.tasks.get();
        long cpu0 = SeedJob.cpuNanos();
        Map<Long, ThreadCpu.Thread> threads0 = ThreadCpu.snapshot(pid);
        long t0 = System.nanoTime();
        Done measured = run(pool, runner, jobs, "job");
        List<Long> done = measured.times();
        long wallNs = System.nanoTime() - t0;
        long cpuNs = SeedJob.cpuNanos() - cpu0;
        Map<String, Long> byGroup = ThreadCpu.millisByGroup(threads0, ThreadCpu.snapshot(pid));
        Proc.Jit jit = cold ? jit0 : Proc.jit(pid).minus(jit0);
        drain(spark);
        pool.shutdown();

        StringBuilder line = new StringBuilder("BENCH");
        line.append(" jobs_ms=").append(wallNs / 1_000_000);
        line.append(" jobs_us=").append(wallNs / 1_000);
        line.append(" cpu_ms=").append(cpuNs / 1_000_000);
        line.append(" jit_us=").append(Math.round(jit.millis() * 1000));
        line.append(" jit_compiles=").append(jit.compiles());
        line.append(" spark_jobs=").append(counting.jobs.get() - jobs0);
        line.append(" spark_tasks=").append(counting.tasks.get() - tasks0);
        line.append(" sessions_created=").append(sessions.created());
        line.append(" job_time_us=").append(measured.busyNanos() / 1_000);
        byGroup.forEach((group, ms) ->
                line.append(" threads_").append(group).append("_ms=").append(ms));
        appendBlocks(line, "wblock", warmDone, block);
        appendBlocks(line, "block", done, block);
        System.out.println(line);
        spark.stop();
    }

    /** One tiny job the way the flags say. */
    private record Runner(
            SparkSession root, String sql, Set<String> flags, JobSessions sessions, ResultProperties limits) {

        void run(String name) {
            SparkContext sc = root.sparkContext();
            boolean groups = flags.contains("groups");
            if (groups) {
                sc.setJobGroup(name, name, true);
                sc.addJobTag("tiny-" + name);
                sc.setLocalProperty("spark.scheduler.pool", AdmissionProperties.DEFAULT_POOL);
            } else if (flags.contains("fair")) {
                sc.setLocalProperty("spark.scheduler.pool", AdmissionProperties.DEFAULT_POOL);
            }
            SparkSession spark = flags.contains("sessions") ? sessions.borrow() : root;
            try {
                Dataset<Row> data = spark.sql(sql);
                int rows = flags.contains("preview")
                        ? ((List<?>) RowPreview.of(data, 100, limits).get("rows")).size()
                        : data.collectAsList().size();
                if (rows == 0) {
                    throw new IllegalStateException(sql + " returned no rows");
                }
            } finally {
                if (spark != root) {
                    sessions.giveBack(spark);
                }
                if (groups) {
                    sc.clearJobGroup();
                    sc.clearJobTags();
                }
                sc.setLocalProperty("spark.scheduler.pool", null);
            }
        }
    }

    /** The start followed by each completion time (nanoTime) in order, and the jobs' summed run time. */
    private record Done(List<Long> times, long busyNanos) {}

    /** Runs {@code n} jobs on the pool. */
    private static Done run(ExecutorService pool, Runner runner, int n, String prefix) throws Exception {
        ConcurrentLinkedQueue<Long> completions = new ConcurrentLinkedQueue<>();
        LongAdder busy = new LongAdder();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = prefix + "-" + i;
            futures.add(pool.submit(() -> {
                long began = System.nanoTime();
                runner.run(name);
                long ended = System.nanoTime();
                busy.add(ended - began);
                completions.add(ended);
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        List<Long> sorted = new ArrayList<>();
        sorted.add(start);
        completions.stream().sorted().forEach(sorted::add);
        return new Done(sorted, busy.sum());
    }

    /** ms/job of each block of completions, in microseconds; {@code times} starts with the start time. */
    static void appendBlocks(StringBuilder line, String key, List<Long> times, int block) {
        for (int k = 0; (k + 1) * block < times.size(); k++) {
            long us = (times.get((k + 1) * block) - times.get(k * block)) / 1_000 / block;
            line.append(' ').append(key).append(k).append("_us=").append(us);
        }
    }

    /** Waits until the listener bus has delivered what was posted, so the counts are complete. */
    private static void drain(SparkSession spark) throws java.util.concurrent.TimeoutException {
        spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    }

    static SparkSession session(Path dir, Set<String> flags) {
        DataDirProperties dirs = new DataDirProperties(dir.toAbsolutePath());
        Path fairFile = FairPools.write(
                dirs.sparkScratch(), Map.of(AdmissionProperties.DEFAULT_POOL, new FairPools.Share(1, 0)));
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("tiny");
        SparkConfiguration.defaults("local[2]", dirs, fairFile).forEach(conf::set);
        conf.set("spark.scheduler.mode", flags.contains("fair") ? "FAIR" : "FIFO");
        conf.set("spark.ui.enabled", Boolean.toString(flags.contains("ui")));
        conf.set("spark.ui.port", "0");
        conf.set("spark.driver.host", "127.0.0.1");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        spark.sql("VALUES (1)").collectAsList(); // as the service's start does
        return spark;
    }

    static String flagsArg(String... flags) {
        return String.join(",", Arrays.asList(flags));
    }
}
