package dev.sparkjobs.batches;

import dev.sparkjobs.batch.BatchGraph;
import dev.sparkjobs.batch.BatchProblem;
import dev.sparkjobs.batch.NodeRequest;
import dev.sparkjobs.batch.ResultReferences;
import dev.sparkjobs.execution.JobService;
import dev.sparkjobs.execution.Submission;
import dev.sparkjobs.jobtypes.ParamError;
import dev.sparkjobs.security.Caller;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Checks each job of a batch at submit as a job submit would: in full for a job whose params hold no
 * result reference; for one that does, everything but its params (checked once they are resolved),
 * and its references against its upstream.
 */
@Component
class NodeChecks {

    private final JobService jobs;

    NodeChecks(JobService jobs) {
        this.jobs = jobs;
    }

    /** @param graph the batch's DAG, or null when it is invalid (references are then not checked) */
    List<ParamError> problems(List<BatchSubmission.Node> nodes, BatchGraph graph, Caller caller) {
        List<ParamError> problems = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        nodes.forEach(n -> keys.add(n.key()));
        for (int i = 0; i < nodes.size(); i++) {
            BatchSubmission.Node node = nodes.get(i);
            String prefix = "jobs[" + i + "]";
            if (node.job() == null || node.job().type() == null) {
                continue; // refused at the door (type and params are required)
            }
            Map<String, Object> params =
                    node.job().params() == null ? Map.of() : node.job().params();
            boolean references = ResultReferences.hasReferences(params);
            if (references) {
                // without a valid DAG there is no upstream to check against: only what no DAG can mend
                Set<String> upstream = graph != null ? graph.upstream(node.key()) : keys;
                for (BatchProblem p : ResultReferences.check(prefix + ".params", params, upstream)) {
                    problems.add(new ParamError(p.field(), p.message()));
                }
            }
            for (ParamError e : jobs.problems(submission(node.job(), null), caller)) {
                if (!(references && (e.field().equals("params") || e.field().startsWith("params.")))) {
                    problems.add(new ParamError(prefix + "." + e.field(), e.message()));
                }
            }
        }
        return problems;
    }

    /**
     * What a node's job is submitted as. Never cancelled as abandoned on its own (0, not the deployment
     * default): callers read the batch, not its jobs; the batch's own {@code cancelIfUnpolledSeconds}
     * stops them.
     */
    static Submission submission(NodeRequest r, String idempotencyKey) {
        return new Submission(
                r.type(),
                r.name(),
                r.params(),
                r.pool(),
                r.priority(),
                r.timeoutSeconds(),
                r.tags(),
                r.maxRetries(),
                r.retryBackoffSeconds(),
                r.retryOn(),
                r.weight(),
                r.writes(),
                idempotencyKey,
                0L);
    }
}
