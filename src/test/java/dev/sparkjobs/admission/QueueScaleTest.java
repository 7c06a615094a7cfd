package dev.sparkjobs.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.TableWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The queue's work grows linearly with the number of jobs queued: counted as the waiting jobs the
 * controller looks at, not timed. Each case runs at 1,000 and at 4,000 jobs; linear work gives a
 * ratio near 4, work per job proportional to the queue's depth a ratio near 16.
 */
class QueueScaleTest {

    private static final int SMALL = 1_000;
    private static final int LARGE = 4_000;

    private final List<QueuedJob> launched = new ArrayList<>();

    private AdmissionController controller() {
        AdmissionController c =
                new AdmissionController(new AdmissionProperties(2, 1_000_000, Duration.ofSeconds(9), Map.of()));
        c.launchWith(launched::add);
        return c;
    }

    /** Work of n submits behind two running jobs. */
    private long enqueueWork(int n) {
        AdmissionController c = controller();
        for (int i = 0; i < n + 2; i++) {
            c.reserve("t" + (i % 3));
            c.enqueue(JobId.random(), "t" + (i % 3), "default", i % 2);
        }
        return c.queueJobsRead();
    }

    /** Work of restoring n jobs one by one, as start-up recovery does, into an empty controller. */
    private long restoreWork(int n) {
        AdmissionController c = controller();
        for (int i = 0; i < n; i++) {
            c.restore(JobId.random(), "t" + (i % 3), "default", 0);
        }
        return c.queueJobsRead();
    }

    /** Work of n reconciler checks of jobs the controller holds already, then of n it does not. */
    private long reconcileWork(int n) {
        AdmissionController c = controller();
        List<JobId> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JobId id = JobId.random();
            held.add(id);
            c.restore(id, "t", "default", 0);
        }
        long before = c.queueJobsRead();
        for (JobId id : held) {
            assertThat(c.restoreIfAbsent(id, "t", "default", 0)).isFalse();
        }
        for (JobId id : held.subList(2, held.size())) {
            assertThat(c.remove(id)).isTrue();
        }
        return c.queueJobsRead() - before;
    }

    /** Work of restoring n jobs in pages of 1,000 into an empty controller. */
    private long restoreAllWork(int n) {
        AdmissionController c = controller();
        List<Demand> page = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            page.add(new Demand(JobId.random(), "t" + (i % 3), "default", 0));
            if (page.size() == 1_000) {
                c.restoreAll(page);
                page.clear();
            }
        }
        c.restoreAll(page);
        return c.queueJobsRead();
    }

    /**
     * Work of n submits that cannot start, some blocked by their pool and the rest by their tenant:
     * tenant a fills pool etl, and tenant b, at its own cap, waits in pool adhoc, which has room.
     */
    private long poolAndTenantBlockedWork(int n) {
        AdmissionController c = new AdmissionController(new AdmissionProperties(
                10,
                1_000_000,
                Duration.ofSeconds(9),
                Map.of(
                        "etl", new AdmissionProperties.Pool(2, 1, 0),
                        "adhoc", new AdmissionProperties.Pool(8, 1, 0)),
                Map.of("b", new AdmissionProperties.Tenant(2, null, List.of())),
                null,
                null));
        c.launchWith(launched::add);
        for (int i = 0; i < 3; i++) {
            c.reserve("b");
            c.enqueue(JobId.random(), "b", "adhoc", 0);
        }
        for (int i = 0; i < n + 2; i++) {
            c.reserve("a");
            c.enqueue(JobId.random(), "a", "etl", 0);
        }
        assertThat(c.snapshot().running()).isEqualTo(4);
        return c.queueJobsRead();
    }

    /**
     * Work of n submits of a tenant at its cap while another tenant's only waiting job waits for a
     * table its own running job writes.
     */
    private long tenantAndTableBlockedWork(int n) {
        AdmissionController c = new AdmissionController(new AdmissionProperties(
                8,
                1_000_000,
                Duration.ofSeconds(9),
                Map.of(),
                Map.of("a", new AdmissionProperties.Tenant(2, null, List.of())),
                null,
                null));
        c.launchWith(launched::add);
        List<TableWrite> merge = List.of(new TableWrite("sales.orders", TableWrite.Kind.MERGE));
        for (int i = 0; i < 2; i++) {
            c.reserve("b");
            c.enqueue(new Demand(JobId.random(), "b", "default", 0, 1.0, merge));
        }
        for (int i = 0; i < n + 2; i++) {
            c.reserve("a");
            c.enqueue(JobId.random(), "a", "default", 0);
        }
        assertThat(c.snapshot().running()).isEqualTo(3);
        return c.queueJobsRead();
    }

    @Test
    void aQueueBlockedPartlyByItsPoolAndPartlyByItsTenantCostsLinearWork() {
        assertLinear(poolAndTenantBlockedWork(SMALL), poolAndTenantBlockedWork(LARGE));
    }

    @Test
    void aQueueBlockedByItsTenantAndByATableCostsLinearWork() {
        assertLinear(tenantAndTableBlockedWork(SMALL), tenantAndTableBlockedWork(LARGE));
    }

    @Test
    void restoreAllQueuesInTheOrderGivenAndStartsWhatFits() {
        AdmissionController c = controller();
        List<Demand> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(new Demand(JobId.random(), "t", "default", 0));
        }
        c.restoreAll(jobs);

        assertThat(launched)
                .extracting(QueuedJob::id)
                .containsExactly(jobs.get(0).id(), jobs.get(1).id());
        assertThat(c.snapshot().queued()).isEqualTo(3);
        c.finished(launched.get(0));
        assertThat(launched)
                .extracting(QueuedJob::id)
                .last()
                .isEqualTo(jobs.get(2).id());
    }

    @Test
    void restoreAllIfAbsentSkipsTheJobsHeldWaitingOrLaunched() {
        AdmissionController c = controller();
        List<Demand> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(new Demand(JobId.random(), "t", "default", 0));
        }
        c.restoreAll(held); // two launched, one waiting
        Demand absent = new Demand(JobId.random(), "t", "default", 0);
        List<Demand> page = new ArrayList<>(held);
        page.add(absent);

        assertThat(c.restoreAllIfAbsent(page)).containsExactly(absent);
        assertThat(c.snapshot().queued()).isEqualTo(2);
        assertThat(c.restoreAllIfAbsent(page)).isEmpty();
    }

    @Test
    void restoreAllWorkGrowsLinearlyWithTheQueue() {
        assertLinear(restoreAllWork(SMALL), restoreAllWork(LARGE));
    }

    @Test
    void enqueueWorkGrowsLinearlyWithTheQueue() {
        assertLinear(enqueueWork(SMALL), enqueueWork(LARGE));
    }

    @Test
    void restoreWorkGrowsLinearlyWithTheQueue() {
        assertLinear(restoreWork(SMALL), restoreWork(LARGE));
    }

    @Test
    void lookupsAndRemovalsGrowLinearlyWithTheQueue() {
        assertLinear(reconcileWork(SMALL), reconcileWork(LARGE));
    }

    private static void assertLinear(long small, long large) {
        double ratio = (double) large / Math.max(1, small);
        assertThat(ratio)
                .as("work at %d jobs (%d) / work at %d jobs (%d)", LARGE, large, SMALL, small)
                .isLessThan(6.0);
    }
}
