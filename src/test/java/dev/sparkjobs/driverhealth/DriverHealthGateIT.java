package dev.sparkjobs.driverhealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.admission.AdmissionProperties;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The driver-health gate on the real JVM: the test fills this JVM's old generation past the
 * threshold configured for tests (application-it.yml), watches a job wait QUEUED with the reason
 * shown, then frees the memory and watches the job start and succeed.
 */
class DriverHealthGateIT extends AbstractIT {

    private static final int CHUNK = 32 << 20;

    @Autowired
    private AdmissionProperties properties;

    @Test
    void whileTheHeapStaysFullAfterGcJobsWaitQueuedAndStartOnceItIsFreed() {
        double limit = properties.driverHealth().maxHeapAfterGc();
        List<byte[]> ballast = new ArrayList<>();
        String id;
        // Earlier tests leave garbage in the old generation, and the last mixed or full collection may
        // have been taken while they still held it: collect first, so that the reading is of what the
        // shared context holds, whichever tests ran before this one.
        System.gc();
        JsonNode before = await("the driver UP, holding far less than the limit that tests must not reach")
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> api.get("/actuator/health")
                                .body()
                                .path("components")
                                .path("driver"),
                        d -> d.path("status").asString().equals("UP")
                                && d.path("details").path("heapAfterGc").asDouble() < limit - 0.2);
        assertThat(before.path("details").path("heapAfterGc").asDouble()).isLessThan(limit - 0.2);
        try {
            fillOldGeneration(ballast, limit + 0.08);

            JsonNode paused = await("starts paused")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/admission").body().path("startsPaused"), p -> !p.isNull());
            assertThat(paused.path("reason").asString())
                    .startsWith("old-generation heap after GC is")
                    .contains("starts pause above 60%");
            assertThat(Instant.parse(paused.path("since").asString())).isBeforeOrEqualTo(Instant.now());

            id = api.submitOk(sql("SELECT 42 AS answer"));
            await("the job waits")
                    .during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> api.state(id).equals("QUEUED"));
            JsonNode admission = api.get("/api/v1/admission").body();
            assertThat(admission.path("queued").asInt()).isEqualTo(1);
            assertThat(admission.path("running").asInt()).isZero();

            String metrics = api.get("/actuator/prometheus").raw();
            assertThat(metrics)
                    .containsPattern("\\njobservice_admission_starts_paused\\{[^}]*} 1\\.0\\n")
                    .containsPattern("\\njobservice_driver_heap_after_gc\\{[^}]*} 0\\.[6-9]")
                    .containsPattern("\\njobservice_driver_gc_time_share\\{[^}]*} [0-9.E-]+\\n");

            Api.Response health = api.get("/actuator/health");
            assertThat(health.status()).as("DEGRADED answers 200").isEqualTo(200);
            assertThat(health.body().path("status").asString()).isEqualTo("DEGRADED");
            assertThat(health.body()
                            .path("components")
                            .path("driver")
                            .path("status")
                            .asString())
                    .isEqualTo("DEGRADED");
            assertThat(health.body()
                            .path("components")
                            .path("driver")
                            .path("details")
                            .path("reason")
                            .asString())
                    .startsWith("old-generation heap after GC is");
            Api.Response ready = api.get("/actuator/health/readiness");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.body().path("status").asString()).isEqualTo("UP");
        } finally {
            ballast.clear();
            System.gc();
        }

        await("starts resume")
                .atMost(Duration.ofSeconds(30))
                .until(() ->
                        api.get("/api/v1/admission").body().path("startsPaused").isNull());
        assertThat(api.awaitFinal(id).path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/actuator/health").body().path("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/prometheus").raw())
                .containsPattern("\\njobservice_admission_starts_paused\\{[^}]*} 0\\.0\\n");
    }

    /**
     * Holds large arrays (which G1 places straight in the old generation) until the old generation is
     * {@code share} full after a full collection, whose usage the gate then reads.
     */
    private static void fillOldGeneration(List<byte[]> ballast, double share) {
        MemoryPoolMXBean old = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
                .findFirst()
                .orElseThrow();
        long max = old.getUsage().getMax() > 0
                ? old.getUsage().getMax()
                : Runtime.getRuntime().maxMemory();
        // Measured after a collection: the pool's usage counts garbage too, which the collection the
        // gate reads would free.
        do {
            while (old.getUsage().getUsed() < share * max) {
                byte[] chunk = new byte[CHUNK];
                chunk[chunk.length - 1] = 1;
                ballast.add(chunk);
            }
            System.gc();
        } while (old.getCollectionUsage().getUsed() < share * max);
    }
}
