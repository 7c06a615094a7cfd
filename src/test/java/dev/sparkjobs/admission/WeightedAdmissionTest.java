package dev.sparkjobs.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.job.JobId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedAdmissionTest {

    private final List<QueuedJob> launched = new ArrayList<>();

    private AdmissionController controller(
            int maxRunning, int maxThreads, Map<String, AdmissionProperties.Tenant> tenants) {
        AdmissionController c = new AdmissionController(new AdmissionProperties(
                maxRunning, 100, Duration.ofSeconds(1), Map.of(), tenants, null, null, null, maxThreads));
        c.launchWith(launched::add);
        return c;
    }

    private static JobId submit(AdmissionController c, String tenant, double weight) {
        JobId id = JobId.random();
        c.reserve(tenant);
        c.enqueue(new Demand(id, tenant, "default", 0, weight, List.of()));
        return id;
    }

    private void finish(AdmissionController c, JobId id) {
        c.finished(launched.stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow());
    }

    private List<JobId> launchedIds() {
        return launched.stream().map(QueuedJob::id).toList();
    }

    @Test
    void capacityCountsWeightNotJobs() {
        AdmissionController c = controller(4, 64, Map.of());
        for (int i = 0; i < 20; i++) {
            submit(c, "t", 0.25);
        }
        assertThat(launched).as("four slots hold sixteen jobs of a quarter").hasSize(16);
        assertThat(c.snapshot().usedWeight()).isEqualTo(4.0);
        assertThat(c.snapshot().running()).isEqualTo(16);

        AdmissionController sql = controller(4, 64, Map.of());
        launched.clear();
        for (int i = 0; i < 6; i++) {
            submit(sql, "t", 1.0);
        }
        assertThat(launched).hasSize(4);
    }

    @Test
    void theThreadCapBoundsHowManyLightJobsRun() {
        AdmissionController c = controller(4, 10, Map.of());
        for (int i = 0; i < 30; i++) {
            submit(c, "t", 0.05);
        }
        assertThat(launched).hasSize(10);
        assertThat(c.maxThreads()).isEqualTo(10);
        assertThat(new AdmissionProperties(4, 10, Duration.ofSeconds(1), Map.of()).effectiveMaxThreads())
                .as("4 / 0.05 = 80 jobs, capped at the default 64")
                .isEqualTo(64);
    }

    @Test
    void aHeavyJobAtTheHeadKeepsTheRoomThatFreesUntilItFits() {
        AdmissionController c = controller(4, 64, Map.of());
        JobId a = submit(c, "t", 1);
        JobId b = submit(c, "t", 1);
        JobId d = submit(c, "t", 1);
        JobId q1 = submit(c, "t", 0.25);
        JobId q2 = submit(c, "t", 0.25); // used 3.5
        JobId heavy = submit(c, "t", 1);
        JobId light = submit(c, "t", 0.25);
        assertThat(launchedIds()).containsExactly(a, b, d, q1, q2);

        finish(c, q1); // 0.75 free: the heavy head does not fit, and the light job behind it may not pass
        assertThat(launchedIds()).doesNotContain(heavy, light);
        finish(c, q2); // 1.0 free
        assertThat(launchedIds()).containsSequence(heavy).doesNotContain(light);
        finish(c, a);
        assertThat(launchedIds()).endsWith(heavy, light);
    }

    @Test
    void aTenantsHeavyJobIsNotPassedByItsOwnLighterOnesButOtherTenantsGoOn() {
        AdmissionController c = controller(8, 64, Map.of("small", new AdmissionProperties.Tenant(2, null, null)));
        JobId s1 = submit(c, "small", 1.5);
        JobId sHeavy = submit(c, "small", 1);
        JobId sLight = submit(c, "small", 0.25);
        JobId other = submit(c, "big", 1);
        assertThat(launchedIds()).containsExactly(s1, other);
        finish(c, s1);
        assertThat(launchedIds()).endsWith(sHeavy, sLight);
        assertThat(c.snapshot().tenants())
                .filteredOn(t -> t.name().equals("small"))
                .singleElement()
                .satisfies(t -> assertThat(t.usedWeight()).isEqualTo(1.25));
    }

    @Test
    void aWeightIsTheTypesUnlessAskedForAndOnlyAnAdminGoesLighter() {
        AdmissionController c = controller(4, 64, Map.of("capped", new AdmissionProperties.Tenant(2, null, null)));
        assertThat(c.weightFor("maintenance", "t", "default", null, false)).isEqualTo(0.25);
        assertThat(c.weightFor("sql", "t", "default", null, false)).isEqualTo(1.0);
        assertThat(c.weightFor("some-plugin", "t", "default", null, false)).isEqualTo(1.0);
        assertThat(c.weightFor("sql", "t", "default", 3.0, false)).isEqualTo(3.0);
        assertThat(c.weightFor("sql", "t", "default", 0.5, true)).isEqualTo(0.5);
        assertThatThrownBy(() -> c.weightFor("sql", "t", "default", 0.5, false))
                .isInstanceOf(WeightNotAllowedException.class)
                .hasMessageContaining("only an admin");
        assertThatThrownBy(() -> c.weightFor("sql", "t", "default", 0.01, true))
                .isInstanceOf(WeightNotAllowedException.class)
                .hasMessageContaining("between 0.05 and 4");
        assertThatThrownBy(() -> c.weightFor("sql", "capped", "default", 3.0, true))
                .as("heavier than its tenant's cap, it could never start")
                .isInstanceOf(WeightNotAllowedException.class)
                .hasMessageContaining("between 0.05 and 2");
    }

    @Test
    void configuredWeightsOverTheBuiltInOnesAndNoneHeavierThanTheCap() {
        AdmissionProperties p = new AdmissionProperties(
                4, 10, Duration.ofSeconds(1), Map.of(), Map.of(), null, null, Map.of("maintenance", 0.5, "x", 2.0), 64);
        assertThat(p.weightOf("maintenance")).isEqualTo(0.5);
        assertThat(p.weightOf("x")).isEqualTo(2.0);
        assertThat(p.weightTable()).containsEntry("sql", 1.0).containsEntry("ingest", 1.0);
        assertThatThrownBy(() -> new AdmissionProperties(
                        4, 10, Duration.ofSeconds(1), Map.of(), Map.of(), null, null, Map.of("x", 5.0), 64))
                .hasMessageContaining("weights.x");
    }
}
