package dev.sparkjobs.batch;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * References to an upstream node's result in a node's params: {@code ${jobs.<key>.result.<path>}}, the
 * path dot-separated field names and list indexes into the upstream job's result.
 */
public final class ResultReferences {

    private ResultReferences() {}

    /**
     * Problems of the references in {@code params} at submit: malformed, or naming a key not in {@code
     * upstream}. Field paths are {@code fieldPrefix} + the param path, like {@code jobs[2].params.x}.
     */
    public static List<BatchProblem> check(String fieldPrefix, Map<String, Object> params, Set<String> upstream) {
        throw new UnsupportedOperationException();
    }

    /** Whether any string in {@code params}, at any depth, holds a reference. */
    public static boolean hasReferences(Map<String, Object> params) {
        throw new UnsupportedOperationException();
    }

    /**
     * {@code params} with every reference replaced, or the errors (each naming the param path, the
     * reference and why it could not be resolved).
     *
     * @param upstream the status of each upstream node by key (its latest run)
     */
    public static Resolution resolve(Map<String, Object> params, Map<String, NodeStatus> upstream) {
        throw new UnsupportedOperationException();
    }

    /** Resolved params (null when there are errors), or the errors. */
    public record Resolution(Map<String, Object> params, List<String> errors) {

        public Resolution {
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }
}
