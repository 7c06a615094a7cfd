package dev.sparkjobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.admission.AdmissionSnapshot;
import dev.sparkjobs.spark.SparkActivity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

class DriverGaugesTest {

    private static final int TENANTS = 6;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger snapshots = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private AdmissionSnapshot snapshot() {
        snapshots.incrementAndGet();
        List<AdmissionSnapshot.TenantSnapshot> tenants = IntStream.range(0, TENANTS)
                .mapToObj(i -> new AdmissionSnapshot.TenantSnapshot("t" + i, 4, 10, i, 2 * i, i))
                .toList();
        return new AdmissionSnapshot(
                8, 100, 15, 30, List.of(), tenants, new AdmissionSnapshot.TenantLimits(4, 10), null, 15, 8, Map.of());
    }

    private final DriverGauges gauges = new DriverGauges(
            registry,
            () -> new SparkActivity.Reading(1, 2, 3, 4),
            () -> true,
            () -> true,
            this::snapshot,
            new ThreadPoolTaskScheduler(),
            now::get);

    private double scrape() {
        return registry.getMeters().stream()
                .filter(m -> m instanceof Gauge)
                .mapToDouble(m -> ((Gauge) m).value())
                .sum();
    }

    @Test
    void aScrapeOfEveryTenantsGaugesTakesOneAdmissionSnapshot() {
        assertThat(registry.find(JobMetrics.TENANT_RUNNING).gauges()).hasSize(TENANTS);
        assertThat(registry.find(JobMetrics.TENANT_QUEUED).gauges()).hasSize(TENANTS);
        now.addAndGet(5_000_000_000L);
        snapshots.set(0);

        scrape();

        assertThat(snapshots.get()).isOne();
        assertThat(registry.get(JobMetrics.TENANT_QUEUED)
                        .tag("tenant", "t3")
                        .gauge()
                        .value())
                .isEqualTo(6);
        assertThat(registry.get(JobMetrics.TENANT_RUNNING)
                        .tag("tenant", "t5")
                        .gauge()
                        .value())
                .isEqualTo(5);
        assertThat(registry.get(JobMetrics.LEASE_HELD).gauge().value()).isEqualTo(1);
        assertThat(registry.get(JobMetrics.SPARK_RUNNING_TASKS).gauge().value()).isEqualTo(4);

        now.addAndGet(5_000_000_000L); // the next scrape reads again
        scrape();
        assertThat(snapshots.get()).isEqualTo(2);
    }
}
