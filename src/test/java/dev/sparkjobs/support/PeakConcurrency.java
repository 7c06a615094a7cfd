package dev.sparkjobs.support;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Counts, from Spark's own events, how many of the watched job groups had a Spark job running at the
 * same moment: what was actually running, not what the service believes.
 */
public final class PeakConcurrency extends SparkListener {

    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Map<Integer, String> groupOf = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> activePerGroup = new ConcurrentHashMap<>();
    private final AtomicInteger peak = new AtomicInteger();

    public void watch(String group) {
        watched.add(group);
    }

    public int peak() {
        return peak.get();
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart event) {
        String group = event.properties() == null ? null : event.properties().getProperty("spark.jobGroup.id");
        if (group == null || !watched.contains(group)) {
            return;
        }
        groupOf.put(event.jobId(), group);
        activePerGroup.computeIfAbsent(group, g -> new AtomicInteger()).incrementAndGet();
        long groupsActive =
                activePerGroup.values().stream().filter(c -> c.get() > 0).count();
        peak.accumulateAndGet((int) groupsActive, Math::max);
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd event) {
        String group = groupOf.remove(event.jobId());
        if (group != null) {
            activePerGroup.get(group).decrementAndGet();
        }
    }
}
