package dev.sparkjobs.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated batch DAG: well-formed unique keys, known dependencies, no cycles. Immutable. Nodes are
 * numbered in request order; that order breaks every tie, so whatever is derived from a graph is
 * deterministic.
 */
public final class BatchGraph {

    /** The most nodes a batch may have. */
    public static final int MAX_NODES = 1000;

    static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final List<NodeSpec> nodes;
    private final Map<String, Integer> index;
    /** By node: the indexes of its dependencies, in its dependsOn order. */
    private final int[][] dependencies;
    /** By node: the indexes of the nodes that depend on it, in request order. */
    private final int[][] dependents;
    /** Every node index, dependencies before dependents; request order among the unordered. */
    private final int[] topological;

    private BatchGraph(List<NodeSpec> nodes, Map<String, Integer> index, int[][] dependencies) {
        this.nodes = nodes;
        this.index = index;
        this.dependencies = dependencies;
        this.dependents = invert(dependencies);
        this.topological = Cycles.topologicalOrder(dependencies, dependents);
    }

    /**
     * Validates {@code nodes} (in request order) into a graph.
     *
     * @throws InvalidBatchException with every problem (field path and message)
     */
    public static BatchGraph of(List<NodeSpec> nodes) {
        List<BatchProblem> problems = new ArrayList<>();
        if (nodes == null || nodes.isEmpty() || nodes.size() > MAX_NODES) {
            problems.add(new BatchProblem(
                    "jobs", "a batch has 1 to " + MAX_NODES + " jobs; was " + (nodes == null ? 0 : nodes.size())));
            throw new InvalidBatchException(problems);
        }
        Map<String, Integer> index = keys(nodes, problems);
        int[][] dependencies = dependencies(nodes, index, problems);
        // over the sound edges only: an unknown or self dependency is reported above, once
        problems.addAll(Cycles.find(nodes, dependencies));
        if (!problems.isEmpty()) {
            throw new InvalidBatchException(problems);
        }
        return new BatchGraph(List.copyOf(nodes), Map.copyOf(index), dependencies);
    }

    private static Map<String, Integer> keys(List<NodeSpec> nodes, List<BatchProblem> problems) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec node = nodes.get(i);
            String field = "jobs[" + i + "].key";
            if (node == null) {
                problems.add(new BatchProblem("jobs[" + i + "]", "must not be null"));
            } else if (node.key() == null || node.key().isBlank()) {
                problems.add(new BatchProblem(field, "must not be blank"));
            } else if (!KEY.matcher(node.key()).matches()) {
                problems.add(new BatchProblem(
                        field,
                        "'" + node.key() + "' is not a key: 1 to 64 of A-Z a-z 0-9 _ . - starting with a"
                                + " letter or digit"));
            } else {
                Integer earlier = index.putIfAbsent(node.key(), i);
                if (earlier != null) {
                    problems.add(new BatchProblem(
                            field, "duplicate key '" + node.key() + "' (also jobs[" + earlier + "].key)"));
                }
            }
        }
        return index;
    }

    private static int[][] dependencies(List<NodeSpec> nodes, Map<String, Integer> index, List<BatchProblem> problems) {
        Set<String> named = new HashSet<>();
        nodes.stream().filter(n -> n != null && n.key() != null).forEach(n -> named.add(n.key()));
        int[][] dependencies = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec node = nodes.get(i);
            List<String> deps = node == null ? List.of() : node.dependsOn();
            int[] found = new int[deps.size()];
            int n = 0;
            Set<String> seen = new LinkedHashSet<>();
            for (int j = 0; j < deps.size(); j++) {
                String field = "jobs[" + i + "].dependsOn[" + j + "]";
                String dep = deps.get(j);
                Integer target = dep == null ? null : index.get(dep);
                if (dep == null || dep.isBlank()) {
                    problems.add(new BatchProblem(field, "must not be blank"));
                } else if (dep.equals(node.key())) {
                    problems.add(new BatchProblem(field, "'" + dep + "' depends on itself"));
                } else if (!seen.add(dep)) {
                    problems.add(new BatchProblem(field, "'" + dep + "' is listed twice"));
                } else if (target == null) {
                    if (!named.contains(dep)) { // a malformed key is reported where it is defined
                        problems.add(new BatchProblem(field, "unknown key '" + dep + "'"));
                    }
                } else {
                    found[n++] = target;
                }
            }
            dependencies[i] = n == found.length ? found : Arrays.copyOf(found, n);
        }
        return dependencies;
    }

    private static int[][] invert(int[][] dependencies) {
        int[] counts = new int[dependencies.length];
        for (int[] deps : dependencies) {
            for (int d : deps) {
                counts[d]++;
            }
        }
        int[][] dependents = new int[dependencies.length][];
        for (int i = 0; i < dependents.length; i++) {
            dependents[i] = new int[counts[i]];
            counts[i] = 0;
        }
        for (int i = 0; i < dependencies.length; i++) {
            for (int d : dependencies[i]) {
                dependents[d][counts[d]++] = i;
            }
        }
        return dependents;
    }

    /** The nodes in request order. */
    public List<NodeSpec> nodes() {
        return nodes;
    }

    /** @throws IllegalArgumentException for a key not in the graph */
    public NodeSpec node(String key) {
        return nodes.get(indexOf(key));
    }

    /** Whether the graph has a node {@code key}. */
    public boolean contains(String key) {
        return index.containsKey(key);
    }

    /** Every node {@code key} depends on, directly or transitively, nearest first. */
    public Set<String> upstream(String key) {
        return reach(List.of(indexOf(key)), dependencies, false);
    }

    /** Every node that depends on {@code key}, directly or transitively, nearest first. */
    public Set<String> downstream(String key) {
        return reach(List.of(indexOf(key)), dependents, false);
    }

    /** Every dependency, from the dependency to its dependent, in request order of the dependents. */
    public List<Edge> edges() {
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < dependencies.length; i++) {
            for (int d : dependencies[i]) {
                edges.add(new Edge(nodes.get(d).key(), nodes.get(i).key()));
            }
        }
        return Collections.unmodifiableList(edges);
    }

    int size() {
        return nodes.size();
    }

    int indexOf(String key) {
        Integer i = index.get(key);
        if (i == null) {
            throw new IllegalArgumentException("no node '" + key + "' in this batch");
        }
        return i;
    }

    String key(int node) {
        return nodes.get(node).key();
    }

    RunIf runIf(int node) {
        return nodes.get(node).runIf();
    }

    int[] dependenciesOf(int node) {
        return dependencies[node];
    }

    int[] topologicalOrder() {
        return topological;
    }

    /**
     * The nodes reachable from {@code from} along {@code links} (breadth first, so nearest first), in
     * O(nodes + edges); with {@code inclusive} the starting nodes too.
     */
    Set<String> reach(Collection<Integer> from, int[][] links, boolean inclusive) {
        boolean[] seen = new boolean[nodes.size()];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        Set<String> reached = new LinkedHashSet<>();
        for (int start : from) {
            if (!seen[start]) {
                seen[start] = true;
                queue.add(start);
                if (inclusive) {
                    reached.add(key(start));
                }
            }
        }
        while (!queue.isEmpty()) {
            for (int next : links[queue.poll()]) {
                if (!seen[next]) {
                    seen[next] = true;
                    reached.add(key(next));
                    queue.add(next);
                }
            }
        }
        return Collections.unmodifiableSet(reached);
    }

    int[][] dependentsLinks() {
        return dependents;
    }
}
