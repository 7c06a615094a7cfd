package dev.sparkjobs.spark;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
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
    private final Map<Integer, Stage> stages = new ConcurrentHashMap<>();
    private final Map<String, Set<Integer>> stagesByGroup = new ConcurrentHashMap<>();
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
    /**
     * Groups whose attempt has ended, oldest first: what the bus delivers about them late is not kept
     * (past the cap it is, until its stage completes and its tasks end).
     */
    private final Map<String, Boolean> endedGroups = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > STOPPED_KEPT;
        }
    });

    /** One submitted stage of one of our groups, kept until it has completed and its last task ended. */
    private static final class Stage {
        final String group;
        final Set<Long> running = ConcurrentHashMap.newKeySet();
        volatile boolean completed;
        volatile boolean cancelAsked;

        Stage(String group) {
            this.group = group;
        }
    }

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
        String group = groupOf(event.properties());
        if (group == null) {
            return;
        }
        if (stoppedGroups.containsKey(group)) {
            killer.cancelJob(event.jobId(), "its job " + group + " was stopped");
        }
        if (endedGroups.containsKey(group)) {
            return;
        }
        groupBySparkJob.put(event.jobId(), group);
        activeByGroup.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(event.jobId());
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        String group = groupOf(event.properties());
        if (group == null) {
            return;
        }
        int stageId = event.stageInfo().stageId();
        boolean stopped = stoppedGroups.containsKey(group);
        if (stopped) {
            // through the scheduler, before its tasks run: a stage the group's cancel did not reach
            killer.cancelStage(stageId, "its job " + group + " was stopped");
        }
        if (endedGroups.containsKey(group)) {
            return;
        }
        Stage stage = new Stage(group);
        stage.cancelAsked = stopped;
        stages.put(stageId, stage);
        stagesByGroup.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(stageId);
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart event) {
        Stage stage = stages.get(event.stageId());
        if (stage == null) {
            return;
        }
        stage.running.add(event.taskInfo().taskId());
        if (!stage.cancelAsked && stoppedGroups.containsKey(stage.group)) {
            // started before the group's cancel reached the scheduler, or a stage the cancel missed
            stage.cancelAsked = true;
            killer.cancelStage(event.stageId(), "its job " + stage.group + " was stopped");
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        Stage stage = stages.get(event.stageId());
        if (stage != null) {
            stage.running.remove(event.taskInfo().taskId());
            dropIfOver(event.stageId(), stage);
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        int stageId = event.stageInfo().stageId();
        Stage stage = stages.get(stageId);
        if (stage != null) {
            stage.completed = true;
            dropIfOver(stageId, stage); // else at its last task's end: a cancelled stage completes first
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
     * Drops what is kept about a group whose attempt has ended, including ends the bus dropped, and
     * keeps nothing the bus delivers about it later; a stopped group stays marked, so work of it that
     * Spark submits later is still cancelled.
     */
    void forget(String group) {
        endedGroups.put(group, Boolean.TRUE);
        dropKept(group);
    }

    private void dropKept(String group) {
        Set<Integer> ids = activeByGroup.remove(group);
        if (ids != null) {
            ids.forEach(groupBySparkJob::remove);
        }
        Set<Integer> stageIds = stagesByGroup.remove(group);
        if (stageIds != null) {
            stageIds.forEach(stages::remove);
        }
    }

    private void dropIfOver(int stageId, Stage stage) {
        if (stage.completed && stage.running.isEmpty() && stages.remove(stageId, stage)) {
            stagesByGroup.computeIfPresent(stage.group, (g, ids) -> {
                ids.remove(stageId);
                return ids.isEmpty() ? null : ids;
            });
        }
    }

    private static String groupOf(Properties properties) {
        return properties == null ? null : properties.getProperty(JOB_GROUP_PROPERTY);
    }

    /** How many stages something is kept about. */
    int keptStages() {
        return stages.size();
    }

    /** Tasks of the group that have started and not ended, as far as the listener bus has told. */
    public Set<Long> runningTasks(String group) {
        Set<Integer> stageIds = stagesByGroup.get(group);
        if (stageIds == null) {
            return Set.of();
        }
        Set<Long> tasks = new HashSet<>();
        for (int stageId : stageIds) {
            Stage stage = stages.get(stageId);
            if (stage != null) {
                tasks.addAll(stage.running);
            }
        }
        return Set.copyOf(tasks);
    }

    /** Spark jobs of the group that have started and not ended, as far as the listener bus has told. */
    public Set<Integer> activeJobs(String group) {
        Set<Integer> ids = activeByGroup.get(group);
        return ids == null ? Set.of() : Set.copyOf(ids);
    }
}
