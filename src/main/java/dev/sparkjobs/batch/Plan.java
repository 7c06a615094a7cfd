package dev.sparkjobs.batch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to do next with a batch; nothing here is done by the planner itself.
 *
 * @param start pending nodes to start now, in request order
 * @param skip pending nodes to end SKIPPED, each with its reason, in request order
 * @param cancelActive cancel the batch's queued and running jobs (fail-fast tripped, or a batch-level stop)
 * @param end the batch's final state once the skips are applied; null while some node has yet to end
 */
public record Plan(List<String> start, Map<String, String> skip, boolean cancelActive, BatchState end) {

    public Plan {
        start = List.copyOf(start);
        skip = Collections.unmodifiableMap(new LinkedHashMap<>(skip));
    }

    /** Nothing to start, skip or cancel: applying this plan changes nothing. */
    public boolean isIdle() {
        return start.isEmpty() && skip.isEmpty() && !cancelActive;
    }
}
