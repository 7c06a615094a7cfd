package dev.sparkjobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;

/**
 * The seed experiment's job and the two JVM-side ways of running it. Run as a child process so
 * each variant has its own JVM, CPU time and peak RSS:
 *
 * <ul>
 *   <li>{@code cold <warehouse> <table>}: a new JVM and SparkSession for one job (what spark-submit
 *       or a job cluster per job costs);
 *   <li>{@code warm <warehouse> <jobs> <threads>}: one session, then the jobs, sequentially
 *       ({@code threads}=1) or on a raw ThreadPoolExecutor.
 * </ul>
 *
 * Prints one {@code BENCH key=value ...} line.
 */
public final class SeedJob {

    /** The same statements the service runs for scenario A's variant (d). */
    public static List<String> statements(String table) {
        return List.of(
                "CREATE TABLE " + table + " USING delta AS SELECT id, id % 100 AS bucket,"
                        + " sha2(CAST(id AS STRING), 256) AS hash, id * 1.5 AS amount,"
                        + " date_add(DATE'2026-01-01', CAST(id % 365 AS INT)) AS day FROM range(0, 1000000)",
                "SELECT count(*) AS n FROM " + table);
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Path warehouse = Path.of(args[1]);
        SparkSession spark = session(warehouse);
        long sessionMs = (System.nanoTime() - t0) / 1_000_000;
        long jobsStart = System.nanoTime();
        long cpuBefore = cpuNanos();
        if (args[0].equals("cold")) {
            run(spark, args[2]);
        } else {
            int jobs = Integer.parseInt(args[2]);
            int threads = Integer.parseInt(args[3]);
            if (threads == 1) {
                for (int i = 0; i < jobs; i++) {
                    run(spark, "seed_warm_" + i);
                }
            } else {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < jobs; i++) {
                    String table = "seed_pool_" + i;
                    done.add(pool.submit(() -> run(spark, table)));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
            }
        }
        long jobsMs = (System.nanoTime() - jobsStart) / 1_000_000;
        long jobsCpuMs = (cpuNanos() - cpuBefore) / 1_000_000;
        spark.stop();
        System.out.printf(
                "BENCH session_ms=%d jobs_ms=%d jobs_cpu_ms=%d total_ms=%d cpu_ms=%d peak_rss_kb=%d%n",
                sessionMs,
                jobsMs,
                jobsCpuMs,
                (System.nanoTime() - t0) / 1_000_000,
                cpuNanos() / 1_000_000,
                peakRssKb());
    }

    static SparkSession session(Path warehouse) {
        return SparkSession.builder()
                .master("local[2]")
                .appName("seed")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.databricks.delta.snapshotPartitions", "4")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.warehouse.dir", warehouse.toAbsolutePath().toString())
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    static void run(SparkSession spark, String table) {
        List<String> sql = statements(table);
        spark.sql(sql.get(0));
        long n = spark.sql(sql.get(1)).first().getLong(0);
        if (n != 1_000_000L) {
            throw new IllegalStateException(table + " has " + n + " rows");
        }
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long peakRssKb() throws IOException {
        return Proc.statusKb(Files.readAllLines(Path.of("/proc/self/status")), "VmHWM");
    }
}
