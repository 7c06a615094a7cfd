package dev.sparkjobs.progress;

import java.util.List;
import org.apache.spark.Success$;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Translates Spark's listener events into {@link ProgressBoard} counts. Spark jobs are ours by the
 * tag every job's work carries ({@code spark.job.tags}) and belong to an attempt by its job group;
 * stages by the job that listed them when it started; tasks by their stage. A {@link BusMarker} tells the board
 * the listener has caught up with the bus. Runs on the listener
 * bus's thread, which every listener of the driver shares: each call is O(1) map work, and a task's
 * end allocates nothing of ours.
 */
final class SparkProgressListener extends SparkListener {

    static final String JOB_TAGS_PROPERTY = "spark.job.tags";
    static final String JOB_GROUP_PROPERTY = "spark.jobGroup.id";

    private final ProgressBoard board;

    /** Filled again for every task end: the bus calls this listener from one thread only. */
    private final TaskReading reading = new TaskReading();

    SparkProgressListener(ProgressBoard board) {
        this.board = board;
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        if (event.properties() == null) {
            return;
        }
        String tags = event.properties().getProperty(JOB_TAGS_PROPERTY);
        String group = event.properties().getProperty(JOB_GROUP_PROPERTY);
        if (tags == null || group == null) {
            return;
        }
        List<Object> stages = CollectionConverters.asJava(event.stageIds());
        int[] stageIds = stages.stream().mapToInt(s -> (Integer) s).toArray();
        board.sparkJobStarted(event.jobId(), tags, group, stageIds);
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd event) {
        board.sparkJobEnded(event.jobId(), event.jobResult() == JobSucceeded$.MODULE$);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        board.stageSubmitted(event.stageInfo().stageId(), event.stageInfo().numTasks());
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        board.stageCompleted(
                event.stageInfo().stageId(), event.stageInfo().failureReason().isEmpty());
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart event) {
        board.taskStarted(event.stageId());
    }

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
        if (event instanceof BusMarker marker) {
            board.reached(marker);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        board.taskEnded(event.stageId(), event.reason() == Success$.MODULE$, read(event.taskMetrics(), reading));
    }

    /** Fills {@code r} from a task's metrics (null for some failed tasks). */
    static TaskReading read(TaskMetrics m, TaskReading r) {
        if (m == null) {
            return r.clear();
        }
        r.inputRows = m.inputMetrics().recordsRead();
        r.inputBytes = m.inputMetrics().bytesRead();
        r.outputRows = m.outputMetrics().recordsWritten();
        r.outputBytes = m.outputMetrics().bytesWritten();
        r.cpuNanos = m.executorCpuTime();
        r.runMillis = m.executorRunTime();
        r.gcMillis = m.jvmGCTime();
        r.shuffleReadBytes = m.shuffleReadMetrics().remoteBytesRead()
                + m.shuffleReadMetrics().localBytesRead();
        r.shuffleWriteBytes = m.shuffleWriteMetrics().bytesWritten();
        r.peakExecutionMemory = m.peakExecutionMemory();
        return r;
    }
}
