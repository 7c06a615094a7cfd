package dev.sparkjobs.spark;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Knows which Spark jobs each of our job groups has running, and kills on sight any Spark job that a
 * stopped group still starts (adaptive execution submits follow-up jobs that escape
 * {@code cancelJobGroup}).
 */
public final class SparkJobTracker extends SparkListener {

    static final String JOB_GROUP_PROPERTY = "spark.jobGroup.id";

    private final SparkContext sparkContext;
    private final Map<Integer, String> groupBySparkJob = new ConcurrentHashMap<>();
    private final Map<String, Set<Integer>> activeByGroup = new ConcurrentHashMap<>();
    private final Set<String> stoppedGroups = ConcurrentHashMap.newKeySet();

    public SparkJobTracker(SparkContext sparkContext) {
        this.sparkContext = sparkContext;
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        String group = event.properties() == null ? null : event.properties().getProperty(JOB_GROUP_PROPERTY);
        if (group == null) {
            return;
        }
        groupBySparkJob.put(event.jobId(), group);
        activeByGroup.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(event.jobId());
        if (stoppedGroups.contains(group)) {
            sparkContext.cancelJob(event.jobId(), "its job " + group + " was stopped");
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd event) {
        String group = groupBySparkJob.remove(event.jobId());
        if (group != null) {
            activeByGroup.computeIfPresent(group, (g, ids) -> {
                ids.remove(event.jobId());
                return ids.isEmpty() ? null : ids;
            });
        }
    }

    void stop(String group) {
        stoppedGroups.add(group);
    }

    /** Drops what is kept about a group whose job has ended, including ends the bus dropped. */
    void forget(String group) {
        stoppedGroups.remove(group);
        Set<Integer> ids = activeByGroup.remove(group);
        if (ids != null) {
            ids.forEach(groupBySparkJob::remove);
        }
    }

    /** Spark jobs of the group that have started and not ended, as far as the listener bus has told. */
    public Set<Integer> activeJobs(String group) {
        Set<Integer> ids = activeByGroup.get(group);
        return ids == null ? Set.of() : Set.copyOf(ids);
    }
}
