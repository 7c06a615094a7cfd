package dev.sparkjobs.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;

/**
 * Scenario E's raw side, in a JVM of its own: {@code <warehouse> <threads>}. One warm session, the
 * tables seeded, then the {@link ConflictWorkload} jobs on a plain fixed thread pool, as a notebook's
 * ThreadPoolExecutor runs them: nothing orders conflicting writes and nothing retries, so a job Delta
 * refuses at commit is lost. Prints one {@code BENCH k=v ...} line.
 */
public final class ConflictJob {

    private static final String PREFIX = "conflict_raw";

    public static void main(String[] args) throws Exception {
        Path warehouse = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        long t0 = System.nanoTime();
        SparkSession spark = SeedJob.session(warehouse);
        long sessionMs = (System.nanoTime() - t0) / 1_000_000;
        long seedStart = System.nanoTime();
        for (int t = 0; t < ConflictWorkload.TABLES; t++) {
            ConflictWorkload.seed(PREFIX, t).forEach(spark::sql);
        }
        long seedMs = (System.nanoTime() - seedStart) / 1_000_000;

        Map<String, Long> out = new TreeMap<>();
        AtomicInteger[] mergesOk = new AtomicInteger[ConflictWorkload.TABLES];
        for (int t = 0; t < mergesOk.length; t++) {
            mergesOk[t] = new AtomicInteger();
        }
        Map<String, AtomicInteger> failures = new java.util.concurrent.ConcurrentHashMap<>();
        long cpuBefore = SeedJob.cpuNanos();
        long jobsStart = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (ConflictWorkload.Job job : ConflictWorkload.jobs(PREFIX)) {
            done.add(pool.submit(() -> {
                try {
                    spark.sql(job.sql()); // MERGE and OPTIMIZE run when called
                    if (job.merge()) {
                        mergesOk[job.table()].incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failures.computeIfAbsent(failureKey(job, e), k -> new AtomicInteger())
                            .incrementAndGet();
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        out.put("jobs_ms", (System.nanoTime() - jobsStart) / 1_000_000);
        out.put("jobs_cpu_ms", (SeedJob.cpuNanos() - cpuBefore) / 1_000_000);
        failures.forEach((k, v) -> out.put(k, (long) v.get()));
        for (int t = 0; t < ConflictWorkload.TABLES; t++) {
            Row r = spark.sql(ConflictWorkload.check(PREFIX, t)).first();
            out.put("rows_t" + t, r.getLong(0));
            out.put("touched_t" + t, r.getLong(1));
            out.put("merges_ok_t" + t, (long) mergesOk[t].get());
        }
        out.put("session_ms", sessionMs);
        out.put("seed_ms", seedMs);
        spark.stop();
        out.put("peak_rss_kb", SeedJob.peakRssKb());
        StringBuilder line = new StringBuilder("BENCH");
        out.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
    }

    /**
     * {@code conflict_merge_ConcurrentAppendException}, {@code conflict_optimize_...} for a Delta commit
     * conflict (found in the cause chain as the service's engine finds it); {@code failed_merge} etc.
     * for anything else.
     */
    private static String failureKey(ConflictWorkload.Job job, Throwable e) {
        String kind = job.merge() ? "merge" : "optimize";
        for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof DeltaConcurrentModificationException) {
                return "conflict_" + kind + "_" + c.getClass().getSimpleName();
            }
        }
        System.out.println("job " + job.number() + " failed: " + e);
        return "failed_" + kind;
    }
}
