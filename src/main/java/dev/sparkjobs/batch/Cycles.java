package dev.sparkjobs.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Orders a dependency graph, and finds its cycles when it has some. Graphs are indexes in request order. */
final class Cycles {

    private Cycles() {}

    /**
     * One problem per distinct cycle: within each strongly connected component, the shortest cycle
     * through its first node (in request order) not yet on a reported cycle, until every node of the
     * component is on one. So a ring is one problem however many nodes it has, and no cycle is reported
     * twice from different starting points.
     */
    static List<BatchProblem> find(List<NodeSpec> nodes, int[][] dependencies) {
        int[] component = components(dependencies);
        int[] size = new int[dependencies.length];
        for (int c : component) {
            size[c]++;
        }
        boolean[] covered = new boolean[dependencies.length];
        List<BatchProblem> problems = new ArrayList<>();
        for (int start = 0; start < dependencies.length; start++) {
            if (covered[start] || size[component[start]] < 2) {
                continue;
            }
            int[] cycle = shortestCycle(start, dependencies, component);
            StringBuilder text = new StringBuilder();
            for (int node : cycle) {
                covered[node] = true;
                text.append(nodes.get(node).key()).append(" -> ");
            }
            text.append(nodes.get(start).key());
            int hop = nodes.get(start).dependsOn().indexOf(nodes.get(cycle[1]).key());
            problems.add(new BatchProblem(
                    "jobs[" + start + "].dependsOn[" + hop + "]",
                    "dependency cycle: " + text + " (each depends on the next)"));
        }
        return problems;
    }

    /** The nodes of the shortest cycle through {@code start}, starting with it; within its component. */
    private static int[] shortestCycle(int start, int[][] dependencies, int[] component) {
        int[] parent = new int[dependencies.length];
        Arrays.fill(parent, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(start));
        parent[start] = start;
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int next : dependencies[node]) {
                if (component[next] != component[start]) {
                    continue;
                }
                if (next == start) {
                    ArrayDeque<Integer> path = new ArrayDeque<>();
                    for (int at = node; at != start; at = parent[at]) {
                        path.push(at);
                    }
                    path.push(start);
                    return path.stream().mapToInt(Integer::intValue).toArray();
                }
                if (parent[next] < 0) {
                    parent[next] = node;
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("a node of a strongly connected component is on a cycle");
    }

    /**
     * The strongly connected component of each node (Tarjan's algorithm, iterative so that a
     * thousand-node chain needs no deep stack).
     */
    private static int[] components(int[][] dependencies) {
        int n = dependencies.length;
        int[] order = new int[n];
        int[] low = new int[n];
        int[] component = new int[n];
        int[] nextEdge = new int[n];
        boolean[] onStack = new boolean[n];
        Arrays.fill(order, -1);
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        ArrayDeque<Integer> path = new ArrayDeque<>();
        int counter = 0;
        int components = 0;
        for (int root = 0; root < n; root++) {
            if (order[root] >= 0) {
                continue;
            }
            path.push(root);
            order[root] = low[root] = counter++;
            stack.push(root);
            onStack[root] = true;
            while (!path.isEmpty()) {
                int node = path.peek();
                if (nextEdge[node] < dependencies[node].length) {
                    int next = dependencies[node][nextEdge[node]++];
                    if (order[next] < 0) {
                        order[next] = low[next] = counter++;
                        stack.push(next);
                        onStack[next] = true;
                        path.push(next);
                    } else if (onStack[next]) {
                        low[node] = Math.min(low[node], order[next]);
                    }
                    continue;
                }
                path.pop();
                if (!path.isEmpty()) {
                    low[path.peek()] = Math.min(low[path.peek()], low[node]);
                }
                if (low[node] == order[node]) {
                    int member;
                    do {
                        member = stack.pop();
                        onStack[member] = false;
                        component[member] = components;
                    } while (member != node);
                    components++;
                }
            }
        }
        return component;
    }

    /** Kahn's algorithm, ready nodes taken in request order: dependencies before their dependents. */
    static int[] topologicalOrder(int[][] dependencies, int[][] dependents) {
        int n = dependencies.length;
        int[] waiting = new int[n];
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            waiting[i] = dependencies[i].length;
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        int[] order = new int[n];
        int placed = 0;
        while (!ready.isEmpty()) {
            int node = ready.poll();
            order[placed++] = node;
            for (int dependent : dependents[node]) {
                if (--waiting[dependent] == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (placed != n) {
            throw new IllegalStateException("a validated graph has no cycle");
        }
        return order;
    }
}
