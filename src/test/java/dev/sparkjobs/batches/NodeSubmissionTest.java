package dev.sparkjobs.batches;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.batch.NodeRequest;
import dev.sparkjobs.execution.Submission;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSubmissionTest {

    @Test
    void aBatchJobIsNeverCancelledAsAbandonedOnItsOwn() {
        NodeRequest request = new NodeRequest(
                "sql", "n", Map.of("sql", "SELECT 1"), null, null, null, null, null, null, null, null, null);

        Submission submission = NodeChecks.submission(request, "batch:b:k:1");

        // null would mean "the deployment default": nobody polls a batch's jobs, so that default would cancel them
        assertThat(submission.cancelIfUnpolledSeconds()).isZero();
    }
}
