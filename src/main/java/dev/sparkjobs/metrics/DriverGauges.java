package dev.sparkjobs.metrics;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.AdmissionSnapshot;
import dev.sparkjobs.lease.LeaseKeeper;
import dev.sparkjobs.spark.SparkActivity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.apache.spark.sql.SparkSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The driver's own gauges (names in {@link JobMetrics}): Spark's scheduler, the lease, the store and
 * each tenant's load. Each is read when scraped; none asks the database (the store's gauge is the
 * lease's last renewal, a call the service makes anyway every third of the lease's TTL).
 *
 * <p>A tenant's two gauges appear once the tenant shows in admission's snapshot (configured tenants,
 * and any other with jobs running or waiting), looked for every {@link #TENANT_LOOK}; they stay, at
 * 0 when the tenant has nothing running or waiting, so that a rule over them never sees a gap.
 */
@Component
public class DriverGauges implements SmartLifecycle {

    static final Duration TENANT_LOOK = Duration.ofSeconds(10);

    /**
     * The four Spark gauges of one scrape share one read of the status store, and every tenant's two
     * gauges one snapshot of admission (taken under its lock): not two per tenant.
     */
    private static final Duration READING_FRESH = Duration.ofSeconds(1);

    private final MeterRegistry registry;
    private final Supplier<AdmissionSnapshot> admission;
    private final TaskScheduler scheduler;
    private final Set<String> tenants = ConcurrentHashMap.newKeySet();
    private final Supplier<SparkActivity.Reading> spark;
    private final Supplier<AdmissionSnapshot> tenantLoad;
    private volatile ScheduledFuture<?> look;

    @Autowired // the other constructor is for tests
    DriverGauges(
            MeterRegistry registry,
            SparkSession session,
            LeaseKeeper lease,
            AdmissionController admission,
            @Qualifier("housekeeping") TaskScheduler scheduler) {
        this(
                registry,
                new SparkActivity(session.sparkContext().statusTracker())::read,
                lease::holds,
                lease::storeAnswered,
                admission::snapshot,
                scheduler,
                System::nanoTime);
    }

    /** The gauges over these readings; {@code nanoTime} ages the readings a scrape shares. */
    DriverGauges(
            MeterRegistry registry,
            Supplier<SparkActivity.Reading> sparkReading,
            BooleanSupplier leaseHeld,
            BooleanSupplier storeUp,
            Supplier<AdmissionSnapshot> admission,
            TaskScheduler scheduler,
            LongSupplier nanoTime) {
        this.registry = registry;
        this.admission = admission;
        this.scheduler = scheduler;
        this.spark = new Fresh<>(sparkReading, READING_FRESH, nanoTime);
        this.tenantLoad = new Fresh<>(admission, READING_FRESH, nanoTime);
        sparkGauge(JobMetrics.SPARK_ACTIVE_JOBS, "Spark jobs running on the driver", SparkActivity.Reading::activeJobs);
        sparkGauge(JobMetrics.SPARK_ACTIVE_STAGES, "Spark stages running", SparkActivity.Reading::activeStages);
        sparkGauge(JobMetrics.SPARK_PENDING_TASKS, "Tasks of running stages not started yet", r -> r.pendingTasks());
        sparkGauge(JobMetrics.SPARK_RUNNING_TASKS, "Tasks running now", r -> r.runningTasks());
        Gauge.builder(JobMetrics.LEASE_HELD, leaseHeld, l -> l.getAsBoolean() ? 1 : 0)
                .description("1 while this instance holds the driver lease and runs jobs, else 0")
                .strongReference(true) // a gauge holds its object weakly: this one is ours alone
                .register(registry);
        Gauge.builder(JobMetrics.STORE_UP, storeUp, u -> u.getAsBoolean() ? 1 : 0)
                .description("1 while the job store's database answers (as of the lease's last renewal), else 0")
                .strongReference(true)
                .register(registry);
        lookForTenants();
    }

    /** Registers the gauges of tenants admission shows that have none yet. */
    void lookForTenants() {
        for (AdmissionSnapshot.TenantSnapshot t : admission.get().tenants()) {
            if (tenants.add(t.name())) {
                tenantGauge(
                        t.name(),
                        JobMetrics.TENANT_RUNNING,
                        "Jobs of the tenant running now",
                        AdmissionSnapshot.TenantSnapshot::running);
                tenantGauge(
                        t.name(),
                        JobMetrics.TENANT_QUEUED,
                        "Jobs of the tenant waiting for a slot",
                        AdmissionSnapshot.TenantSnapshot::queued);
            }
        }
    }

    private void sparkGauge(
            String name, String description, java.util.function.ToDoubleFunction<SparkActivity.Reading> f) {
        Gauge.builder(name, spark, s -> f.applyAsDouble(s.get()))
                .description(description)
                .register(registry);
    }

    private void tenantGauge(
            String tenant, String name, String description, ToIntFunction<AdmissionSnapshot.TenantSnapshot> f) {
        Gauge.builder(name, tenantLoad, a -> a.get().tenants().stream()
                        .filter(t -> t.name().equals(tenant))
                        .mapToInt(f)
                        .sum())
                .description(description)
                .tag("tenant", tenant)
                .register(registry);
    }

    @Override
    public void start() {
        look = scheduler.scheduleWithFixedDelay(this::lookForTenants, TENANT_LOOK);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> l = look;
        if (l != null) {
            l.cancel(false);
        }
        look = null;
    }

    @Override
    public boolean isRunning() {
        return look != null;
    }

    /** A value read again at most once per {@code fresh} (a monotonic clock: an age, not a time of day). */
    static final class Fresh<T> implements Supplier<T> {

        private final Supplier<T> source;
        private final long freshNanos;
        private final LongSupplier nanoTime;
        private T value;
        private long readAt;

        Fresh(Supplier<T> source, Duration fresh, LongSupplier nanoTime) {
            this.source = source;
            this.freshNanos = fresh.toNanos();
            this.nanoTime = nanoTime;
        }

        @Override
        public synchronized T get() {
            long now = nanoTime.getAsLong();
            if (value == null || now - readAt >= freshNanos) {
                value = source.get();
                readAt = now;
            }
            return value;
        }
    }
}
