package dev.sparkjobs.metrics;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.AdmissionSnapshot;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.spark.JobSessions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.springframework.stereotype.Component;

/**
 * Every meter the service publishes, named in one place. In Prometheus form: {@code
 * jobservice_jobs_submitted_total{type}}, {@code jobservice_jobs_finished_total{type,state}}, {@code
 * jobservice_jobs_rejected_total{reason}}, {@code jobservice_jobs_running}, {@code
 * jobservice_jobs_queued}, the same two per pool as {@code jobservice_pool_jobs_running{pool}} and
 * {@code jobservice_pool_jobs_queued{pool}}, and the histograms {@code
 * jobservice_jobs_queue_wait_seconds{type}} and {@code jobservice_jobs_run_seconds{type}}; {@code
 * jobservice_jobs_recovered_total{outcome}} for what a start-up found, {@code
 * jobservice_jobs_deleted_total} for the retention sweep, {@code
 * jobservice_jobs_retried_total{type,outcome}}, {@code jobservice_store_write_retries_total}; for the
 * reused job sessions {@code jobservice_sessions_created_total}, {@code
 * jobservice_sessions_dropped_total} and {@code jobservice_sessions_idle}; for the driver-health gate
 * {@code jobservice_admission_starts_paused} (1 while no job starts), {@code
 * jobservice_driver_heap_after_gc} and {@code jobservice_driver_gc_time_share} (shares, 0 to 1).
 *
 * <p>What each ended attempt's Spark work cost (docs/cost.md), counted when it ends whatever its end,
 * tagged {@code type}, {@code pool} and {@code tenant}: {@code jobservice_jobs_task_cpu_seconds_total},
 * {@code jobservice_jobs_executor_run_seconds_total}, {@code jobservice_jobs_input_bytes_total}, {@code
 * jobservice_jobs_input_rows_total}, {@code jobservice_jobs_output_bytes_total}, {@code
 * jobservice_jobs_output_rows_total}, {@code jobservice_jobs_shuffle_read_bytes_total} and {@code
 * jobservice_jobs_shuffle_write_bytes_total}.
 *
 * <p>The driver's own state ({@link DriverGauges}): {@code jobservice_spark_active_jobs}, {@code
 * jobservice_spark_active_stages}, {@code jobservice_spark_pending_tasks} (tasks of active stages not
 * started yet), {@code jobservice_spark_running_tasks}; {@code jobservice_lease_held} (1 while this
 * instance holds the driver lease), {@code jobservice_store_up} (1 while the job store answers), and
 * per tenant {@code jobservice_tenant_jobs_running{tenant}} and {@code jobservice_tenant_jobs_queued{tenant}}.
 * Heap and GC pauses are Micrometer's JVM meters: {@code jvm_memory_used_bytes{area="heap"}}, {@code
 * jvm_memory_max_bytes}, {@code jvm_gc_pause_seconds}.
 */
@Component
public class JobMetrics {

    public static final String SUBMITTED = "jobservice.jobs.submitted";
    public static final String FINISHED = "jobservice.jobs.finished";
    public static final String REJECTED = "jobservice.jobs.rejected";
    public static final String RUNNING = "jobservice.jobs.running";
    public static final String QUEUED = "jobservice.jobs.queued";
    public static final String POOL_RUNNING = "jobservice.pool.jobs.running";
    public static final String POOL_QUEUED = "jobservice.pool.jobs.queued";
    public static final String QUEUE_WAIT = "jobservice.jobs.queue.wait";
    public static final String RUN_TIME = "jobservice.jobs.run";
    public static final String RECOVERED = "jobservice.jobs.recovered";
    public static final String DELETED = "jobservice.jobs.deleted";
    public static final String RETRIED = "jobservice.jobs.retried";
    public static final String STORE_WRITE_RETRIES = "jobservice.store.write.retries";
    public static final String SESSIONS_CREATED = "jobservice.sessions.created";
    public static final String SESSIONS_DROPPED = "jobservice.sessions.dropped";
    public static final String SESSIONS_IDLE = "jobservice.sessions.idle";
    public static final String STARTS_PAUSED = "jobservice.admission.starts.paused";
    public static final String DRIVER_HEAP_AFTER_GC = "jobservice.driver.heap.after.gc";
    public static final String DRIVER_GC_TIME_SHARE = "jobservice.driver.gc.time.share";
    public static final String TASK_CPU = "jobservice.jobs.task.cpu.seconds";
    public static final String EXECUTOR_RUN = "jobservice.jobs.executor.run.seconds";
    public static final String INPUT_BYTES = "jobservice.jobs.input.bytes";
    public static final String INPUT_ROWS = "jobservice.jobs.input.rows";
    public static final String OUTPUT_BYTES = "jobservice.jobs.output.bytes";
    public static final String OUTPUT_ROWS = "jobservice.jobs.output.rows";
    public static final String SHUFFLE_READ_BYTES = "jobservice.jobs.shuffle.read.bytes";
    public static final String SHUFFLE_WRITE_BYTES = "jobservice.jobs.shuffle.write.bytes";
    public static final String SPARK_ACTIVE_JOBS = "jobservice.spark.active.jobs";
    public static final String SPARK_ACTIVE_STAGES = "jobservice.spark.active.stages";
    public static final String SPARK_PENDING_TASKS = "jobservice.spark.pending.tasks";
    public static final String SPARK_RUNNING_TASKS = "jobservice.spark.running.tasks";
    public static final String LEASE_HELD = "jobservice.lease.held";
    public static final String STORE_UP = "jobservice.store.up";
    public static final String TENANT_RUNNING = "jobservice.tenant.jobs.running";
    public static final String TENANT_QUEUED = "jobservice.tenant.jobs.queued";

    /** The tenant tag of a job with none. */
    static final String NO_TENANT = "none";

    /** Why a submission was refused. */
    public enum RecoveryOutcome {
        REQUEUED,
        LOST,
        /** Found QUEUED in the store but in no queue here, after start-up. */
        RECONCILED
    }

    public enum RejectReason {
        QUEUE_FULL,
        SHUTTING_DOWN,
        INVALID,
        /** Every job store connection was in use for the pool's whole timeout: nothing was stored. */
        BUSY
    }

    private final MeterRegistry registry;

    public JobMetrics(MeterRegistry registry, AdmissionController admission, JobSessions sessions) {
        this.registry = registry;
        FunctionCounter.builder(SESSIONS_CREATED, sessions, JobSessions::created)
                .description("SQL sessions created for jobs; a kept session is reused without one")
                .register(registry);
        FunctionCounter.builder(SESSIONS_DROPPED, sessions, JobSessions::dropped)
                .description("Job sessions not kept for reuse: not clean after reset, or more than the slots")
                .register(registry);
        Gauge.builder(SESSIONS_IDLE, sessions, JobSessions::idle)
                .description("Reset job sessions kept for the next job")
                .register(registry);
        Gauge.builder(STARTS_PAUSED, admission, a -> a.startsPaused() == null ? 0 : 1)
                .description("1 while admission starts no job (the driver is short of memory), else 0")
                .register(registry);
        gauge(admission, RUNNING, "Jobs running now", AdmissionSnapshot::running);
        gauge(admission, QUEUED, "Jobs waiting for a slot", AdmissionSnapshot::queued);
        for (String pool : admission.poolNames()) {
            Gauge.builder(POOL_RUNNING, admission, a -> poolValue(a, pool, AdmissionSnapshot.PoolSnapshot::running))
                    .description("Jobs running now in the pool")
                    .tag("pool", pool)
                    .register(registry);
            Gauge.builder(POOL_QUEUED, admission, a -> poolValue(a, pool, AdmissionSnapshot.PoolSnapshot::queued))
                    .description("Jobs of the pool waiting for a slot")
                    .tag("pool", pool)
                    .register(registry);
        }
    }

    /** The driver-health gate's readings, as it last sampled them. */
    public void driverHealth(Supplier<Number> heapAfterGc, Supplier<Number> gcTimeShare) {
        Gauge.builder(DRIVER_HEAP_AFTER_GC, heapAfterGc)
                .description("Old-generation heap left by the last collection, as a share of its maximum")
                .register(registry);
        Gauge.builder(DRIVER_GC_TIME_SHARE, gcTimeShare)
                .description("Share of wall time the driver spent in GC pauses over the health window")
                .register(registry);
    }

    /**
     * What one ended attempt's Spark work cost, in the units the counters count.
     *
     * @param taskCpuSeconds CPU time of its tasks
     * @param executorRunSeconds wall time its tasks ran on executors
     */
    public record AttemptCost(
            double taskCpuSeconds,
            double executorRunSeconds,
            long inputBytes,
            long inputRows,
            long outputBytes,
            long outputRows,
            long shuffleReadBytes,
            long shuffleWriteBytes) {}

    /** Counts an ended attempt's cost for its type, pool and tenant (null: {@value #NO_TENANT}). */
    public void attemptCost(String type, String pool, String tenant, AttemptCost cost) {
        Tags tags = Tags.of("type", type, "pool", pool, "tenant", tenant == null ? NO_TENANT : tenant);
        cost(TASK_CPU, "CPU time of the tasks of ended attempts", "seconds", tags, cost.taskCpuSeconds());
        cost(
                EXECUTOR_RUN,
                "Wall time the tasks of ended attempts ran on executors",
                "seconds",
                tags,
                cost.executorRunSeconds());
        cost(INPUT_BYTES, "Bytes ended attempts read from sources", "bytes", tags, cost.inputBytes());
        cost(INPUT_ROWS, "Records ended attempts read from sources", "rows", tags, cost.inputRows());
        cost(OUTPUT_BYTES, "Bytes ended attempts wrote out", "bytes", tags, cost.outputBytes());
        cost(OUTPUT_ROWS, "Records ended attempts wrote out", "rows", tags, cost.outputRows());
        cost(SHUFFLE_READ_BYTES, "Shuffle bytes ended attempts fetched", "bytes", tags, cost.shuffleReadBytes());
        cost(SHUFFLE_WRITE_BYTES, "Shuffle bytes ended attempts wrote", "bytes", tags, cost.shuffleWriteBytes());
    }

    private void cost(String name, String description, String unit, Tags tags, double amount) {
        Counter.builder(name)
                .description(description)
                .baseUnit(unit)
                .tags(tags)
                .register(registry)
                .increment(amount);
    }

    /** Jobs a start-up found left by the previous run: queued again, or lost with its driver. */
    public void recovered(RecoveryOutcome outcome) {
        Counter.builder(RECOVERED)
                .description("Jobs found at start-up, left by the previous run of the service")
                .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** An attempt ended without success and the job was queued to run again. */
    public void retried(String type, String outcome) {
        Counter.builder(RETRIED)
                .description("Attempts that ended without success and were retried")
                .tag("type", type)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** A job's end could not be written because the store was unreachable, and is tried again. */
    public void storeWriteRetried() {
        Counter.builder(STORE_WRITE_RETRIES)
                .description("Writes of a job's end retried because the store was unreachable")
                .register(registry)
                .increment();
    }

    /** Finished jobs deleted by the retention sweep. */
    public void deleted(int jobs) {
        Counter.builder(DELETED)
                .description("Finished jobs deleted by the retention sweep")
                .register(registry)
                .increment(jobs);
    }

    public void submitted(String type) {
        Counter.builder(SUBMITTED)
                .description("Jobs accepted")
                .tag("type", type)
                .register(registry)
                .increment();
    }

    public void rejected(RejectReason reason) {
        Counter.builder(REJECTED)
                .description("Submissions refused")
                .tag("reason", reason.name().toLowerCase())
                .register(registry)
                .increment();
    }

    public void finished(String type, JobState state) {
        Counter.builder(FINISHED)
                .description("Jobs that reached a final state")
                .tag("type", type)
                .tag("state", state.name())
                .register(registry)
                .increment();
    }

    public void queueWait(String type, Duration wait) {
        timer(QUEUE_WAIT, "Time from submission to start", type).record(wait);
    }

    public void runTime(String type, Duration run) {
        timer(RUN_TIME, "Time from start to a final state", type).record(run);
    }

    private Timer timer(String name, String description, String type) {
        return Timer.builder(name)
                .description(description)
                .tag("type", type)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(24))
                .register(registry);
    }

    private void gauge(
            AdmissionController admission, String name, String description, ToIntFunction<AdmissionSnapshot> f) {
        Gauge.builder(name, admission, a -> f.applyAsInt(a.snapshot()))
                .description(description)
                .register(registry);
    }

    private static double poolValue(
            AdmissionController admission, String pool, ToIntFunction<AdmissionSnapshot.PoolSnapshot> f) {
        return admission.snapshot().pools().stream()
                .filter(p -> p.name().equals(pool))
                .mapToInt(f)
                .sum();
    }
}
