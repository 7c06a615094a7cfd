package dev.sparkjobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;
import org.junit.jupiter.api.Test;

/**
 * A stopped group's work is cancelled through the scheduler only, a job or a whole stage at a time:
 * a task attempt killed on its own while its stage is live would be launched again.
 */
class SparkJobTrackerTest {

    private final List<String> killed = new ArrayList<>();
    private final SparkJobTracker tracker = new SparkJobTracker(new SparkJobTracker.Killer() {
        @Override
        public void cancelJob(int sparkJob, String reason) {
            killed.add("job " + sparkJob);
        }

        @Override
        public void cancelStage(int stageId, String reason) {
            killed.add("stage " + stageId);
        }
    });

    private static Properties group(String group) {
        Properties p = new Properties();
        p.setProperty(SparkJobTracker.JOB_GROUP_PROPERTY, group);
        return p;
    }

    private void stageSubmitted(int stageId, String group) {
        tracker.onStageSubmitted(new SparkListenerStageSubmitted(stageInfo(stageId), group(group)));
    }

    private static StageInfo stageInfo(int stageId) {
        return new StageInfo(
                stageId,
                0,
                "s" + stageId,
                2,
                scala.jdk.javaapi.CollectionConverters.asScala(List.<org.apache.spark.storage.RDDInfo>of())
                        .toSeq(),
                scala.jdk.javaapi.CollectionConverters.asScala(List.<Object>of())
                        .toSeq(),
                "",
                null,
                scala.jdk.javaapi.CollectionConverters.asScala(
                                List.<scala.collection.immutable.Seq<org.apache.spark.scheduler.TaskLocation>>of())
                        .toSeq(),
                scala.Option.empty(),
                0,
                false,
                0);
    }

    private static TaskInfo task(long id) {
        return new TaskInfo(id, (int) id, 0, (int) id, 0L, "driver", "localhost", TaskLocality.PROCESS_LOCAL(), false);
    }

    private void jobStart(int sparkJob, String group) {
        tracker.onJobStart(new SparkListenerJobStart(
                sparkJob,
                0L,
                scala.jdk.javaapi.CollectionConverters.asScala(List.<StageInfo>of())
                        .toSeq(),
                group(group)));
    }

    private void stageCompleted(int stageId) {
        tracker.onStageCompleted(new SparkListenerStageCompleted(stageInfo(stageId)));
    }

    private void jobEnd(int sparkJob) {
        tracker.onJobEnd(new SparkListenerJobEnd(sparkJob, 0L, JobSucceeded$.MODULE$));
    }

    private void taskStart(int stageId, long taskId) {
        tracker.onTaskStart(new SparkListenerTaskStart(stageId, 0, task(taskId)));
    }

    private void taskEnd(int stageId, long taskId) {
        tracker.onTaskEnd(new SparkListenerTaskEnd(stageId, 0, "ResultTask", null, task(taskId), null, null));
    }

    @Test
    void stoppingAGroupLeavesItsRunningTasksToTheGroupCancelAndCancelsTheStageOfAnyThatStartLater() {
        stageSubmitted(7, "job-a");
        stageSubmitted(8, "job-b");
        taskStart(7, 1);
        taskStart(7, 2);
        taskStart(8, 3);
        taskEnd(7, 2);
        assertThat(tracker.runningTasks("job-a")).containsExactly(1L);

        tracker.stop("job-a");
        assertThat(killed)
                .as("no task is killed on its own: it would be launched again")
                .isEmpty();

        taskStart(7, 4); // launched before the stop reached the scheduler
        taskStart(7, 5);
        assertThat(killed).as("the stage once, through the scheduler").containsExactly("stage 7");
        assertThat(tracker.runningTasks("job-b")).containsExactly(3L);

        taskEnd(7, 1);
        taskEnd(7, 4);
        taskEnd(7, 5);
        assertThat(tracker.runningTasks("job-a")).isEmpty();
        tracker.forget("job-a");
        taskStart(7, 6);
        assertThat(killed).hasSize(1);
    }

    /**
     * Adaptive execution prepares a shuffle stage on a thread of its own and submits it as a map-stage
     * job (which the group's cancel does not refuse) after the attempt's thread was interrupted and
     * returned: the attempt has ended, its group is forgotten, and the work must still die.
     */
    @Test
    void aStoppedGroupStaysStoppedAfterItsAttemptHasEnded() {
        tracker.stop("job-a");
        tracker.forget("job-a");
        tracker.forget("job-b"); // ended without a stop

        jobStart(9, "job-a");
        stageSubmitted(10, "job-a");
        taskStart(10, 11);
        jobStart(12, "job-b");
        stageSubmitted(13, "job-b");
        taskStart(13, 14);

        assertThat(killed).containsExactly("job 9", "stage 10");
    }

    /** Listener events arrive late: a forgotten group's stage must not be kept for ever. */
    @Test
    void nothingIsKeptAboutAStageOfAGroupThatWasForgotten() {
        tracker.forget("g");

        stageSubmitted(7, "g");
        taskStart(7, 1);
        taskEnd(7, 1);
        jobEnd(3);
        stageCompleted(7);

        assertThat(tracker.keptStages()).isZero();
        assertThat(tracker.runningTasks("g")).isEmpty();
        assertThat(killed).isEmpty();
    }

    @Test
    void aStageIsForgottenWhenItHasCompletedAndItsLastTaskHasEnded() {
        stageSubmitted(7, "g");
        taskStart(7, 1);
        stageCompleted(7); // a cancelled stage completes before its killed tasks report their end
        assertThat(tracker.runningTasks("g")).containsExactly(1L);

        taskEnd(7, 1);

        assertThat(tracker.runningTasks("g")).isEmpty();
        assertThat(tracker.keptStages()).isZero();
    }

    @Test
    void onlyTheLatestStoppedGroupsAreKept() {
        for (int i = 0; i <= SparkJobTracker.STOPPED_KEPT; i++) {
            tracker.stop("job-" + i);
            tracker.forget("job-" + i);
        }

        jobStart(1, "job-0");
        jobStart(2, "job-1");
        jobStart(3, "job-" + SparkJobTracker.STOPPED_KEPT);

        assertThat(killed).containsExactly("job 2", "job 3");
    }
}
