package dev.sparkjobs.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.TableWrite;
import dev.sparkjobs.job.TableWrite.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableConflictAdmissionTest {

    private final List<QueuedJob> launched = new ArrayList<>();
    private final AdmissionController c = controller();

    private AdmissionController controller() {
        AdmissionController controller =
                new AdmissionController(new AdmissionProperties(4, 100, Duration.ofSeconds(1), Map.of()));
        controller.launchWith(launched::add);
        return controller;
    }

    private JobId submit(String table, Kind kind) {
        return submit("t", table, kind);
    }

    private JobId submit(String tenant, String table, Kind kind) {
        JobId id = JobId.random();
        c.reserve(tenant);
        c.enqueue(new Demand(id, tenant, "default", 0, 0.25, List.of(new TableWrite(table, kind))));
        return id;
    }

    private void finish(JobId id) {
        c.finished(launched.stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow());
    }

    private List<JobId> launchedIds() {
        return launched.stream().map(QueuedJob::id).toList();
    }

    @Test
    void aConflictingJobWaitsHoldingNothingAndJobsBehindItStart() {
        JobId merge = submit("sales.orders", Kind.MERGE);
        JobId optimize = submit("sales.orders", Kind.OPTIMIZE);
        JobId other = submit("sales.items", Kind.OPTIMIZE);
        JobId append = submit("sales.orders", Kind.APPEND);

        assertThat(launchedIds()).containsExactly(merge, other, append);
        assertThat(c.waitingFor(optimize)).isEqualTo("table sales.orders held by job " + merge + " (MERGE)");
        assertThat(c.waitingFor(other)).isNull();
        assertThat(c.snapshot().usedWeight()).as("the waiter holds no room").isEqualTo(0.75);

        finish(merge);
        assertThat(launchedIds()).endsWith(optimize);
        assertThat(c.waitingFor(optimize)).isNull();
    }

    @Test
    void aWaiterIsNotToldAnotherTenantsJobId() {
        JobId theirs = submit("team-a", "shared.orders", Kind.MERGE);
        JobId mine = submit("team-b", "shared.orders", Kind.OPTIMIZE);

        assertThat(launchedIds()).containsExactly(theirs);
        assertThat(c.waitingFor(mine))
                .isEqualTo("table shared.orders held by a job of another tenant (MERGE)")
                .doesNotContain(theirs.toString());
    }

    @Test
    void aWaitingWriterIsNotStarvedByLaterJobsOnItsOtherTables() {
        JobId merge = submit("sales.orders", Kind.MERGE);
        JobId both = JobId.random();
        c.reserve("t");
        c.enqueue(new Demand(
                both,
                "t",
                "default",
                0,
                1,
                List.of(new TableWrite("sales.orders", Kind.DELETE), new TableWrite("sales.items", Kind.DELETE))));
        JobId items = submit("sales.items", Kind.OPTIMIZE);

        assertThat(launchedIds())
                .as("items would start and could keep the waiter out")
                .containsExactly(merge);
        assertThat(c.waitingFor(items))
                .isEqualTo("table sales.items first claimed by waiting job " + both + " (DELETE)");

        finish(merge);
        assertThat(launchedIds()).containsExactly(merge, both);
        assertThat(c.waitingFor(items)).isEqualTo("table sales.items held by job " + both + " (DELETE)");
        finish(both);
        assertThat(launchedIds()).containsExactly(merge, both, items);
    }

    @Test
    void aCancelledWaiterLosesItsReason() {
        JobId merge = submit("sales.orders", Kind.MERGE);
        JobId optimize = submit("sales.orders", Kind.OPTIMIZE);
        assertThat(c.remove(optimize)).isTrue();
        assertThat(c.waitingFor(optimize)).isNull();
        finish(merge);
        assertThat(launchedIds()).containsExactly(merge);
    }
}
