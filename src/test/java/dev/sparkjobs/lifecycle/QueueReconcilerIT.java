package dev.sparkjobs.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.support.AbstractIT;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class QueueReconcilerIT extends AbstractIT {

    @Autowired
    private JobStore store;

    @Test
    void aJobQueuedInTheStoreButInNoQueueHereStillRuns() {
        // what a commit that went through after its caller was told 503 leaves behind
        Job orphan = Job.submitted(
                JobId.random(),
                new JobSpec(
                        "sql", "orphan", Map.of("sql", "SELECT 7 AS n"), "default", 0, Duration.ofMinutes(5), Map.of()),
                JobOwner.DEFAULT,
                Instant.now().minusSeconds(60));
        store.insert(orphan, null);

        JsonNode done = await("the reconciler queues it (every 2 s in tests)")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.job(orphan.id().toString()),
                        j -> j.path("state").asString().equals("SUCCEEDED"));

        assertThat(done.path("result").path("rows").toString()).isEqualTo("[[7]]");
        assertThat(api.get("/actuator/prometheus").raw())
                .containsPattern("jobservice_jobs_recovered_total\\{[^}]*outcome=\"reconciled\"[^}]*} [1-9]");
    }
}
