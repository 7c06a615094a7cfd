package dev.sparkjobs.spark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Knows which Spark jobs and tasks each of our job groups has running, and cancels on sight any Spark
 * job or stage that a stopped group still starts: adaptive execution submits follow-up jobs that
 * escape {@code cancelJobGroup}.
 *
 * <p>Work is only ever cancelled through the DAGScheduler (a job or a whole stage), never by killing
 * a task attempt: a task killed while its stage is still live counts as failed-by-kill and the
 * scheduler launches it again. The group's own cancel interrupts the running tasks of its stages.
 *
 * <p>A stopped group stays stopped after its attempt has ended ({@link #forget} keeps the mark, the
 * last {@value #STOPPED_KEPT} stopped groups are remembered): adaptive execution prepares a shuffle
 * stage on a thread of its own and submits it as a map-stage job, which {@code
 * cancelJobGroupAndFutureJobs} does not refuse, seconds after the attempt's own thread was
 * interrupted and returned. A group is one attempt's, never reused, so its late work is never wanted.
 */
public final class SparkJobTracker extends SparkListener {

    static final String JOB_GROUP_PROPERTY = "spark.jobGroup.id";

    /** How the tracker stops Spark work: the SparkContext's own calls, both through the DAGScheduler. */
    interface Killer {
        void cancelJob(int sparkJob, String reason);

        void cancelStage(int stageId, String reason);
    }

    private final Killer killer;
    private final Map<Integer, String> groupBySparkJob = new ConcurrentHashMap<>();
    private final Map<String, Set<Integer>> activeByGroup = new ConcurrentHashMap<>();
    private final Map<Integer, String> groupByStage = new ConcurrentHashMap<>();
    private final Map<String, Set<Long>> tasksByGroup = new ConcurrentHashMap<>();
    /** Stages of stopped groups already cancelled here, so that each of their task starts does not ask again. */
    private final Set<Integer> stagesCancelled = ConcurrentHashMap.newKeySet();
    /** Stopped groups, oldest first; the eldest is dropped (with what is kept about it) past the cap. */
    private final Map<String, Boolean> stoppedGroups = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            if (size() <= STOPPED_KEPT) {
                return false;
            }
            dropKept(eldest.getKey());
            return true;
        }
    });

    /** As many as Spark's own {@code spark.scheduler.numCancelledJobGroupsToTrack} keeps by default. */
    static final int STOPPED_KEPT = 1000;

    public SparkJobTracker(SparkContext sparkContext) {
        this(new Killer() {
            @Override
            public void cancelJob(int sparkJob, String reason) {
                sparkContext.cancelJob(sparkJob, reason);
            }

            @Override
            public void cancelStage(int stageId, String reason) {
                sparkContext.cancelStage(stageId, reason);
            }
        });
    }

    SparkJobTracker(Killer killer) {
        this.killer = killer;
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        String group = event.properties() == null ? null : event.properties().getProperty(JOB_GROUP_PROPERTY);
        if (group == null) {
            return;
        }
        groupBySparkJob.put(event.jobId(), group);
        activeByGroup.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(event.jobId());
        if (stoppedGroups.containsKey(group)) {
            killer.cancelJob(event.jobId(), "its job " + group + " was stopped");
        }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        String group = event.properties() == null ? null : event.properties().getProperty(JOB_GROUP_PROPERTY);
        if (group != null) {
            groupByStage.put(event.stageInfo().stageId(), group);
        }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart event) {
        String group = groupByStage.get(event.stageId());
        if (group == null) {
            return;
        }
        long taskId = event.taskInfo().taskId();
        tasksByGroup.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(taskId);
        if (stoppedGroups.containsKey(group) && stagesCancelled.add(event.stageId())) {
            // started before the group's cancel reached the scheduler, or a stage the cancel missed
            killer.cancelStage(event.stageId(), "its job " + group + " was stopped");
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        stagesCancelled.remove(event.stageInfo().stageId());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        String group = groupByStage.get(event.stageId());
        if (group != null) {
            tasksByGroup.computeIfPresent(group, (g, ids) -> {
                ids.remove(event.taskInfo().taskId());
                return ids.isEmpty() ? null : ids;
            });
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

    /**
     * Marks the group stopped: Spark jobs and stages of it that start from now on are cancelled as they
     * start, also after its attempt has ended. Its running work is left to the group's cancel.
     */
    void stop(String group) {
        stoppedGroups.put(group, Boolean.TRUE);
    }

    /**
     * Drops what is kept about a group whose attempt has ended, including ends the bus dropped; a
     * stopped group stays marked, so work of it that Spark submits later is still killed.
     */
    void forget(String group) {
        dropKept(group);
    }

    private void dropKept(String group) {
        Set<Integer> ids = activeByGroup.remove(group);
        if (ids != null) {
            ids.forEach(groupBySparkJob::remove);
        }
        tasksByGroup.remove(group);
        groupByStage.values().removeIf(group::equals);
    }

    /** Tasks of the group that have started and not ended, as far as the listener bus has told. */
    public Set<Long> runningTasks(String group) {
        Set<Long> ids = tasksByGroup.get(group);
        return ids == null ? Set.of() : Set.copyOf(ids);
    }

    /** Spark jobs of the group that have started and not ended, as far as the listener bus has told. */
    public Set<Integer> activeJobs(String group) {
        Set<Integer> ids = activeByGroup.get(group);
        return ids == null ? Set.of() : Set.copyOf(ids);
    }
}
