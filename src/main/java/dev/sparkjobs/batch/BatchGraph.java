package dev.sparkjobs.batch;

import java.util.List;
import java.util.Set;

/** A validated batch DAG: unique keys, known dependencies, no cycles. Immutable. */
public final class BatchGraph {

    /**
     * Validates {@code nodes} (in request order) into a graph.
     *
     * @throws InvalidBatchException with every problem (field path and message)
     */
    public static BatchGraph of(List<NodeSpec> nodes) {
        throw new UnsupportedOperationException();
    }

    /** The nodes in request order. */
    public List<NodeSpec> nodes() {
        throw new UnsupportedOperationException();
    }

    /** @throws IllegalArgumentException for a key not in the graph */
    public NodeSpec node(String key) {
        throw new UnsupportedOperationException();
    }

    /** Every node {@code key} depends on, directly or transitively. */
    public Set<String> upstream(String key) {
        throw new UnsupportedOperationException();
    }

    /** Every node that depends on {@code key}, directly or transitively. */
    public Set<String> downstream(String key) {
        throw new UnsupportedOperationException();
    }

    /** Every dependency, from the dependency to its dependent, in request order. */
    public List<Edge> edges() {
        throw new UnsupportedOperationException();
    }
}
