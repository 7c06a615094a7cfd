package dev.sparkjobs.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.job.JobId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionControllerTest {

    private final List<QueuedJob> launched = new ArrayList<>();
    private final List<QueuedJob> finished = new ArrayList<>();

    private AdmissionController controller(int maxRunning, int maxQueued, Map<String, AdmissionProperties.Pool> pools) {
        AdmissionController c =
                new AdmissionController(new AdmissionProperties(maxRunning, maxQueued, Duration.ofSeconds(9), pools));
        c.launchWith(launched::add);
        return c;
    }

    /** Ends the oldest launched job of the pool that has not ended yet. */
    private void finish(AdmissionController c, String pool) {
        QueuedJob job = launched.stream()
                .filter(q -> q.pool().equals(pool) && !finished.contains(q))
                .findFirst()
                .orElseThrow();
        finished.add(job);
        c.finished(job);
    }

    private static JobId submit(AdmissionController c, String pool, int priority) {
        JobId id = JobId.random();
        c.reserve("default");
        c.enqueue(id, "default", pool, priority);
        return id;
    }

    @Test
    void aJobQueuedWhileStartsArePausedFromTheStartCanBeRemoved() {
        AdmissionController c = controller(1, 100, Map.of());
        c.pauseStarts("the driver is short of memory", java.time.Instant.EPOCH);
        JobId queued = submit(c, "default", 0);

        assertThat(c.remove(queued)).isTrue();
        assertThat(c.snapshot().queued()).isZero();
        assertThat(launched).isEmpty();
    }

    @Test
    void aJobRestoredTwiceWaitsAndCountsOnce() {
        AdmissionController c = controller(1, 3, Map.of());
        JobId blocker = submit(c, "default", 0);
        Demand twice = new Demand(JobId.random(), "default", "default", 0);

        c.restoreAll(List.of(twice, twice));
        c.restore(twice);

        assertThat(c.snapshot().queued()).isEqualTo(1);
        assertThat(c.snapshot().tenants())
                .singleElement()
                .extracting(t -> t.queued())
                .isEqualTo(1);
        submit(c, "default", 0); // the duplicates took no queue place: two are left of three
        submit(c, "default", 0);
        assertThatThrownBy(() -> submit(c, "default", 0)).isInstanceOf(QueueFullException.class);
        finish(c, "default");
        assertThat(c.remove(twice.id()))
                .as("it started, and no copy is left waiting")
                .isFalse();
        assertThat(launched).extracting(QueuedJob::id).containsExactly(blocker, twice.id());
        assertThat(c.snapshot().queued()).isEqualTo(2);
    }

    @Test
    void startsHigherPriorityFirstAndFifoWithinAPriority() {
        AdmissionController c = controller(1, 100, Map.of());
        JobId blocker = submit(c, "default", 0);
        JobId low1 = submit(c, "default", 0);
        JobId high1 = submit(c, "default", 5);
        JobId low2 = submit(c, "default", 0);
        JobId high2 = submit(c, "default", 5);
        JobId top = submit(c, "default", 9);

        for (int i = 0; i < 5; i++) {
            finish(c, "default");
        }

        assertThat(launched).extracting(QueuedJob::id).containsExactly(blocker, top, high1, high2, low1, low2);
    }

    @Test
    void neverRunsMoreThanTheGlobalOrThePoolCap() {
        AdmissionController c = controller(3, 100, Map.of("etl", new AdmissionProperties.Pool(1, 1, 0)));
        for (int i = 0; i < 4; i++) {
            submit(c, "etl", 0);
        }
        for (int i = 0; i < 4; i++) {
            submit(c, "default", 0);
        }

        AdmissionSnapshot s = c.snapshot();
        assertThat(s.running()).isEqualTo(3);
        assertThat(launched).filteredOn(q -> q.pool().equals("etl")).hasSize(1);
        assertThat(s.pools()).contains(new AdmissionSnapshot.PoolSnapshot("etl", 1, 1, 3, 1));

        finish(c, "etl");
        assertThat(launched).filteredOn(q -> q.pool().equals("etl")).hasSize(2);
        assertThat(c.snapshot().running()).isEqualTo(3);
    }

    @Test
    void refusesPastMaxQueuedAndGivesPlacesBack() {
        AdmissionController c = controller(1, 2, Map.of());
        submit(c, "default", 0); // runs
        submit(c, "default", 0); // waits
        JobId waiting = submit(c, "default", 0); // waits: queue now full
        assertThatThrownBy(() -> c.reserve("default"))
                .isInstanceOfSatisfying(QueueFullException.class, e -> assertThat(e.retryAfter())
                        .isEqualTo(Duration.ofSeconds(9)));

        assertThat(c.remove(waiting)).isTrue();
        assertThat(c.remove(waiting)).isFalse();
        c.reserve("default");
        c.unreserve("default");
        c.reserve("default");
        assertThat(c.snapshot().queued()).isEqualTo(1);
    }

    @Test
    void restoreIfAbsentQueuesOnlyAJobItDoesNotHoldWaitingOrLaunched() {
        AdmissionController c = controller(1, 10, Map.of());
        JobId running = submit(c, "default", 0);
        JobId waiting = submit(c, "default", 0);
        JobId unknown = JobId.random();

        assertThat(c.restoreIfAbsent(running, "default", "default", 0))
                .as("launched")
                .isFalse();
        assertThat(c.restoreIfAbsent(waiting, "default", "default", 0))
                .as("waiting")
                .isFalse();
        assertThat(c.restoreIfAbsent(unknown, "default", "default", 0)).isTrue();
        assertThat(c.restoreIfAbsent(unknown, "default", "default", 0))
                .as("now waiting")
                .isFalse();
        assertThat(c.snapshot().queued()).isEqualTo(2);

        finish(c, "default"); // running ends; waiting is launched
        assertThat(c.restoreIfAbsent(running, "default", "default", 0))
                .as("a job that ended is no longer held")
                .isTrue();
        assertThat(launched).extracting(QueuedJob::id).containsExactly(running, waiting);
    }

    @Test
    void aFenceClosesUntilUnfencedButAShutdownMeanwhileKeepsItClosed() {
        AdmissionController c = controller(1, 10, Map.of());
        c.fence();
        assertThatThrownBy(() -> c.reserve("default"))
                .isInstanceOf(ShuttingDownException.class)
                .hasMessageContaining("driver lease");
        c.unfence();
        c.reserve("default");

        c.fence();
        c.close(); // SIGTERM while fenced
        c.unfence(); // the store answers again
        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(() -> c.reserve("default")).hasMessageContaining("shutting down");
    }

    @Test
    void knowsConfiguredPoolsAndDefault() {
        AdmissionController c = controller(2, 5, Map.of("etl", new AdmissionProperties.Pool(null, 1, 0)));
        assertThat(c.poolNames()).containsExactly("default", "etl");
        assertThat(c.knowsPool("nope")).isFalse();
        assertThat(c.snapshot().pools())
                .extracting(AdmissionSnapshot.PoolSnapshot::maxRunning)
                .containsExactly(2, 2);
    }
}
