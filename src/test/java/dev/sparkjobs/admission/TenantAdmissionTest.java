package dev.sparkjobs.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.job.JobId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-tenant caps and pools, and the start gate, on the admission controller alone. */
class TenantAdmissionTest {

    private static final Duration RETRY = Duration.ofSeconds(9);

    private final List<QueuedJob> launched = new ArrayList<>();

    private AdmissionController controller(
            int maxRunning,
            int maxQueued,
            Map<String, AdmissionProperties.Tenant> tenants,
            AdmissionProperties.TenantLimits defaults) {
        AdmissionController c = new AdmissionController(new AdmissionProperties(
                maxRunning,
                maxQueued,
                RETRY,
                Map.of(
                        "etl",
                        new AdmissionProperties.Pool(null, 1, 0),
                        "adhoc",
                        new AdmissionProperties.Pool(null, 1, 0)),
                tenants,
                defaults,
                null));
        c.launchWith(launched::add);
        return c;
    }

    private static AdmissionProperties.Tenant tenant(Integer maxRunning, Integer maxQueued, String... pools) {
        return new AdmissionProperties.Tenant(maxRunning, maxQueued, List.of(pools));
    }

    private static final AdmissionProperties.TenantLimits NO_DEFAULTS =
            new AdmissionProperties.TenantLimits(null, null);

    private static JobId submit(AdmissionController c, String tenant, int priority) {
        JobId id = JobId.random();
        c.reserve(tenant);
        c.enqueue(id, tenant, "default", priority);
        return id;
    }

    private void finish(AdmissionController c, JobId id) {
        c.finished(launched.stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow());
    }

    private List<JobId> launchedIds() {
        return launched.stream().map(QueuedJob::id).toList();
    }

    @Test
    void aTenantAtItsQueuedCapIsRefusedWithItsLimitWhileAnotherIsAdmitted() {
        AdmissionController c = controller(1, 100, Map.of("team-a", tenant(null, 2)), NO_DEFAULTS);
        submit(c, "team-a", 0); // runs
        submit(c, "team-a", 0);
        submit(c, "team-a", 0); // two waiting: its cap

        assertThatThrownBy(() -> c.reserve("team-a"))
                .isInstanceOfSatisfying(TenantQueueFullException.class, e -> {
                    assertThat(e.tenant()).isEqualTo("team-a");
                    assertThat(e.limit()).isEqualTo(2);
                    assertThat(e.maxQueued()).isEqualTo(2);
                    assertThat(e.retryAfter()).isEqualTo(RETRY);
                })
                .isInstanceOf(QueueFullException.class)
                .hasMessageStartingWith("tenant 'team-a' has 2 jobs waiting, its limit (max-queued 2)");
        submit(c, "team-b", 0);
        assertThat(c.snapshot().queued()).isEqualTo(3);
    }

    @Test
    void aPlaceGivenBackOrAJobStartedOrCancelledFreesTheTenantsQueue() {
        AdmissionController c = controller(1, 100, Map.of(), new AdmissionProperties.TenantLimits(null, 1));
        JobId running = submit(c, "t", 0);
        JobId waiting = submit(c, "t", 0);
        assertThatThrownBy(() -> c.reserve("t")).isInstanceOf(TenantQueueFullException.class);

        assertThat(c.remove(waiting)).isTrue();
        c.reserve("t");
        c.unreserve("t");
        JobId next = submit(c, "t", 0);
        assertThatThrownBy(() -> c.reserve("t")).isInstanceOf(TenantQueueFullException.class);

        finish(c, running); // next starts: its place is free
        submit(c, "t", 0);
        assertThat(launchedIds()).containsExactly(running, next);
    }

    @Test
    void theGlobalQueueCapStillAppliesToTenantsBelowTheirOwn() {
        AdmissionController c = controller(1, 2, Map.of("big", tenant(null, 50)), NO_DEFAULTS);
        submit(c, "big", 0);
        submit(c, "big", 0);
        submit(c, "other", 0);
        assertThatThrownBy(() -> c.reserve("big"))
                .isInstanceOf(QueueFullException.class)
                .isNotInstanceOf(TenantQueueFullException.class);
        assertThat(c.snapshot().tenants())
                .extracting(AdmissionSnapshot.TenantSnapshot::name, AdmissionSnapshot.TenantSnapshot::maxQueued)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("big", 2), org.assertj.core.groups.Tuple.tuple("other", 2));
    }

    @Test
    void aTenantAtItsRunningCapWaitsWhileAnotherTenantsJobsStart() {
        AdmissionController c = controller(4, 100, Map.of("busy", tenant(2, null)), NO_DEFAULTS);
        JobId b1 = submit(c, "busy", 5);
        JobId b2 = submit(c, "busy", 5);
        JobId b3 = submit(c, "busy", 9); // higher priority, but its tenant is at its cap
        JobId o1 = submit(c, "other", 0);
        JobId o2 = submit(c, "other", 0);

        assertThat(launchedIds()).containsExactly(b1, b2, o1, o2);
        AdmissionSnapshot s = c.snapshot();
        assertThat(s.running()).isEqualTo(4);
        assertThat(s.tenants())
                .containsExactly(
                        new AdmissionSnapshot.TenantSnapshot("busy", 2, 100, 2, 1, 2),
                        new AdmissionSnapshot.TenantSnapshot("other", 4, 100, 2, 0, 2));

        finish(c, o1); // a free slot, but busy is still at its cap
        assertThat(launchedIds()).hasSize(4);
        JobId o3 = submit(c, "other", 0);
        assertThat(launchedIds()).endsWith(o3);

        finish(c, b1); // busy's own slot frees: its waiting job starts
        assertThat(launchedIds()).endsWith(b3);
    }

    @Test
    void priorityAndArrivalOrderHoldWithinATenantAndAcrossTenantsWithRoom() {
        AdmissionController c = controller(1, 100, Map.of(), NO_DEFAULTS);
        JobId blocker = submit(c, "a", 0);
        JobId aLow = submit(c, "a", 0);
        JobId bHigh = submit(c, "b", 5);
        JobId aHigh = submit(c, "a", 5);
        JobId bLow = submit(c, "b", 0);
        JobId aTop = submit(c, "a", 9);

        for (int i = 0; i < 5; i++) {
            finish(c, launched.get(i).id());
        }

        assertThat(launchedIds()).containsExactly(blocker, aTop, bHigh, aHigh, aLow, bLow);
    }

    @Test
    void aTenantCappedAtOneRunsItsJobsOneAtATimeInPriorityOrder() {
        AdmissionController c = controller(3, 100, Map.of(), new AdmissionProperties.TenantLimits(1, null));
        JobId first = submit(c, "t", 0);
        JobId low = submit(c, "t", 0);
        JobId high = submit(c, "t", 7);
        assertThat(launchedIds()).containsExactly(first);

        finish(c, first);
        finish(c, high);
        assertThat(launchedIds()).containsExactly(first, high, low);
    }

    @Test
    void restoredJobsAreNeverRefusedButCountTowardTheirTenant() {
        AdmissionController c = controller(1, 2, Map.of("t", tenant(1, 1)), NO_DEFAULTS);
        JobId a = JobId.random();
        JobId b = JobId.random();
        JobId d = JobId.random();
        c.restore(a, "t", "default", 0);
        c.restore(b, "t", "default", 0);
        assertThat(c.restoreIfAbsent(d, "t", "default", 0)).isTrue();

        assertThat(launchedIds()).containsExactly(a);
        assertThat(c.snapshot().forTenant("t").tenants())
                .containsExactly(new AdmissionSnapshot.TenantSnapshot("t", 1, 1, 1, 2, 1));
        assertThatThrownBy(() -> c.reserve("t")).isInstanceOf(QueueFullException.class);
    }

    @Test
    void aTenantsPoolsBoundItsChoiceAndTheFirstIsItsDefault() {
        AdmissionController c = controller(2, 10, Map.of("team-a", tenant(null, null, "etl", "adhoc")), NO_DEFAULTS);

        assertThat(c.poolFor("team-a", null)).isEqualTo("etl");
        assertThat(c.poolFor("team-a", "adhoc")).isEqualTo("adhoc");
        assertThatThrownBy(() -> c.poolFor("team-a", "default"))
                .isInstanceOfSatisfying(PoolNotAllowedException.class, e -> assertThat(e.field())
                        .isEqualTo("pool"))
                .hasMessage("tenant 'team-a' may not use pool 'default'; its pools: etl, adhoc");
    }

    @Test
    void aTenantWithoutPoolsMayUseAnyKnownPoolAndDefaultWhenItNamesNone() {
        AdmissionController c = controller(2, 10, Map.of("capped", tenant(1, null)), NO_DEFAULTS);

        assertThat(c.poolFor("stranger", null)).isEqualTo("default");
        assertThat(c.poolFor("capped", "etl")).isEqualTo("etl");
        assertThatThrownBy(() -> c.poolFor("stranger", "nope"))
                .isInstanceOf(PoolNotAllowedException.class)
                .hasMessage("unknown pool 'nope'; known pools: adhoc, default, etl");
    }

    @Test
    void aTenantNamingAnUnknownPoolIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new AdmissionProperties(
                        2,
                        10,
                        RETRY,
                        Map.of(),
                        Map.of("team-a", tenant(null, null, "default", "etl")),
                        NO_DEFAULTS,
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenant 'team-a' names pool 'etl'");
    }

    @Test
    void limitsComeFromTheTenantThenTheDefaultsWithinTheGlobalCaps() {
        AdmissionProperties p = new AdmissionProperties(
                4,
                100,
                RETRY,
                Map.of(),
                Map.of("own", tenant(2, 500), "half", tenant(null, 7)),
                new AdmissionProperties.TenantLimits(3, 20),
                null);

        assertThat(p.tenantMaxRunning("own")).isEqualTo(2);
        assertThat(p.tenantMaxQueued("own")).as("never past the global cap").isEqualTo(100);
        assertThat(p.tenantMaxRunning("half")).isEqualTo(3);
        assertThat(p.tenantMaxQueued("half")).isEqualTo(7);
        assertThat(p.tenantMaxRunning("stranger")).isEqualTo(3);
        assertThat(p.tenantMaxQueued("stranger")).isEqualTo(20);
    }

    @Test
    void forTenantKeepsOnlyThatTenantsRowOrItsDefaults() {
        AdmissionController c =
                controller(2, 10, Map.of("listed", tenant(1, 5)), new AdmissionProperties.TenantLimits(2, 3));
        submit(c, "x", 0);

        AdmissionSnapshot all = c.snapshot();
        assertThat(all.tenants())
                .extracting(AdmissionSnapshot.TenantSnapshot::name)
                .containsExactly("listed", "x");
        assertThat(all.tenantDefaults()).isEqualTo(new AdmissionSnapshot.TenantLimits(2, 3));
        assertThat(all.forTenant("x").tenants())
                .containsExactly(new AdmissionSnapshot.TenantSnapshot("x", 2, 3, 1, 0, 1));
        assertThat(all.forTenant("listed").tenants())
                .containsExactly(new AdmissionSnapshot.TenantSnapshot("listed", 1, 5, 0, 0, 0));
        assertThat(all.forTenant("nobody").tenants())
                .containsExactly(new AdmissionSnapshot.TenantSnapshot("nobody", 2, 3, 0, 0, 0));
        assertThat(all.forTenant("x").running()).as("overall figures stay").isEqualTo(1);
    }

    @Test
    void nothingStartsWhilePausedSubmitsAreStillAdmittedAndWaitingJobsStartOnResume() {
        AdmissionController c = controller(2, 10, Map.of(), NO_DEFAULTS);
        Instant since = Instant.parse("2030-01-01T00:00:00Z");
        c.pauseStarts("heap", since);
        JobId a = submit(c, "t", 0);
        JobId b = submit(c, "t", 0);
        JobId waiting = submit(c, "t", 0);

        assertThat(launched).isEmpty();
        assertThat(c.snapshot().startsPaused()).isEqualTo(new AdmissionSnapshot.StartsPaused("heap", since));
        c.pauseStarts("heap and GC", since.plusSeconds(5));
        assertThat(c.startsPaused())
                .as("a new reason keeps the first since")
                .isEqualTo(new AdmissionSnapshot.StartsPaused("heap and GC", since));

        c.resumeStarts();
        assertThat(launchedIds()).containsExactly(a, b);
        assertThat(c.snapshot().startsPaused()).isNull();

        c.pauseStarts("heap", since);
        finish(c, a); // a slot frees while paused: nothing starts
        assertThat(launchedIds()).containsExactly(a, b);
        c.resumeStarts();
        assertThat(launchedIds()).containsExactly(a, b, waiting);
    }
}
