package dev.sparkjobs.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A node as the planner sees it: its key, what it depends on, when it runs, and its params (only for
 * their result references; the rest of the node's job request is the service's).
 *
 * @param dependsOn keys of the nodes it waits for; null means none
 * @param runIf null means {@link RunIf#ALL_SUCCESS}
 * @param params null means none
 */
public record NodeSpec(String key, List<String> dependsOn, RunIf runIf, Map<String, Object> params) {

    public NodeSpec {
        // a copy that keeps null entries: BatchGraph reports them with their field paths
        dependsOn = dependsOn == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(dependsOn));
        runIf = runIf == null ? RunIf.ALL_SUCCESS : runIf;
        params = params == null ? Map.of() : params;
    }

    /** A node with no params. */
    public static NodeSpec of(String key, RunIf runIf, String... dependsOn) {
        return new NodeSpec(key, List.of(dependsOn), runIf, Map.of());
    }

    /** A node with no params that runs when all its dependencies succeeded. */
    public static NodeSpec of(String key, String... dependsOn) {
        return of(key, RunIf.ALL_SUCCESS, dependsOn);
    }
}
