package dev.sparkjobs.jobtypes.maintenance;

import dev.sparkjobs.plugin.api.JobContext;
import dev.sparkjobs.spark.SparkThreadProperties;
import dev.sparkjobs.threads.ApplicationThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.MDC;

/**
 * Works through a job's tables, {@code concurrency} at a time, on a pool of the job's own. Each worker
 * thread carries the job's Spark properties (group, tag, FAIR pool) and its log context while it works
 * on a table, so its Spark work belongs to the job: a cancel stops it, it runs in the job's pool, its
 * lines are the job's. A stop interrupts the workers and waits for them, so that none still uses the
 * job's session once the job has returned it.
 */
final class MaintenanceRun {

    /** How long a stopped job waits for its workers to return (their Spark work is being cancelled). */
    private static final Duration WORKERS_STOP_WAIT = Duration.ofSeconds(30);

    private final JobContext context;
    private final List<Operation> operations;
    private final int concurrency;
    private final Clock clock;

    MaintenanceRun(JobContext context, List<Operation> operations, int concurrency, Clock clock) {
        this.context = context;
        this.operations = operations;
        this.concurrency = concurrency;
        this.clock = clock;
    }

    /** The results of every table's operations, table by table in the order given. */
    List<OperationResult> run(List<TableNames.Target> tables) throws InterruptedException {
        int threads = Math.max(1, Math.min(concurrency, tables.size()));
        SparkThreadProperties sparkProperties = SparkThreadProperties.capture(context.spark());
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        AtomicLong done = new AtomicLong();
        context.progress("tables", 0, tables.size());
        ExecutorService pool = Executors.newFixedThreadPool(
                threads, new ApplicationThreadFactory("maintenance-" + context.jobId() + "-"));
        try {
            List<Future<List<OperationResult>>> futures = new ArrayList<>();
            for (TableNames.Target table : tables) {
                futures.add(pool.submit(() -> {
                    List<OperationResult> results = onWorker(sparkProperties, logContext, table);
                    context.progress("tables", done.incrementAndGet(), tables.size());
                    return results;
                }));
            }
            List<OperationResult> all = new ArrayList<>();
            for (Future<List<OperationResult>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            awaitWorkers(pool);
        }
    }

    private List<OperationResult> onWorker(
            SparkThreadProperties sparkProperties, Map<String, String> logContext, TableNames.Target table) {
        if (logContext != null) {
            MDC.setContextMap(logContext);
        }
        try (var applied = sparkProperties.applyHere()) {
            context.checkNotStopped();
            List<OperationResult> results = new TableMaintenance(context, operations, clock).run(table);
            results.forEach(r -> context.log().info("{}", r.describe()));
            return results;
        } finally {
            MDC.clear();
        }
    }

    /** Waits for the workers even when interrupted again; keeps the interrupt for the caller. */
    private void awaitWorkers(ExecutorService pool) {
        long deadline = System.nanoTime() + WORKERS_STOP_WAIT.toNanos();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
                context.log().warn("maintenance workers still busy {} after the job ended", WORKERS_STOP_WAIT);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
