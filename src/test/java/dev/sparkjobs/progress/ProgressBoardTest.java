package dev.sparkjobs.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.spark.SparkJobs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressBoardTest {

    private final ProgressBoard board = new ProgressBoard(null);
    private final JobId id = JobId.random();

    /** A task that read and wrote what is given and nothing else. */
    static TaskReading task(long inRows, long inBytes, long outRows, long outBytes) {
        TaskReading r = new TaskReading().clear();
        r.inputRows = inRows;
        r.inputBytes = inBytes;
        r.outputRows = outRows;
        r.outputBytes = outBytes;
        return r;
    }

    private String tags(JobId job) {
        return "other-tag," + SparkJobs.tagOf(job);
    }

    @Test
    void countsTheSparkWorkOfTheAttemptOnTheBoard() {
        board.open(id, 1);
        board.sparkJobStarted(7, tags(id), SparkJobs.groupOf(id, 1), new int[] {10, 11});
        board.stageSubmitted(10, 4);
        board.taskEnded(10, true, task(100, 1000, 0, 0));
        board.taskEnded(10, true, task(50, 500, 0, 0));
        board.taskEnded(10, false, task(0, 0, 0, 0));
        board.stageCompleted(10, true);
        board.stageSubmitted(11, 2);
        board.taskEnded(11, true, task(0, 0, 7, 70));
        board.step(id, 1, "copy", 3, 9);

        JobProgress p = board.live(id).orElseThrow();
        assertThat(p.attempt()).isEqualTo(1);
        assertThat(p.sparkJobs()).isEqualTo(new JobProgress.Count(0, 1));
        assertThat(p.stages()).isEqualTo(new JobProgress.Count(1, 2));
        assertThat(p.tasks()).isEqualTo(new JobProgress.TaskCount(3, 6, 1));
        assertThat(p.inputRows()).isEqualTo(150);
        assertThat(p.inputBytes()).isEqualTo(1500);
        assertThat(p.outputRows()).isEqualTo(7);
        assertThat(p.outputBytes()).isEqualTo(70);
        assertThat(p.step()).isEqualTo(new JobProgress.Step("copy", 3, 9));

        board.sparkJobEnded(7, true);
        assertThat(board.live(id).orElseThrow().sparkJobs()).isEqualTo(new JobProgress.Count(1, 1));
    }

    @Test
    void ignoresSparkWorkOfOtherJobsOtherAttemptsAndNoJobAtAll() {
        board.open(id, 2);
        JobId other = JobId.random();
        board.sparkJobStarted(1, tags(other), SparkJobs.groupOf(other, 1), new int[] {1});
        board.sparkJobStarted(2, tags(id), SparkJobs.groupOf(id, 1), new int[] {2}); // the earlier attempt's
        board.sparkJobStarted(3, null, null, new int[] {3});
        board.sparkJobStarted(4, "jobservice-not-a-uuid", SparkJobs.groupOf(id, 2), new int[] {4});
        for (int stage = 1; stage <= 4; stage++) {
            board.stageSubmitted(stage, 5);
            board.taskEnded(stage, true, task(1, 1, 1, 1));
        }
        board.step(id, 1, "stale", 1, 1);

        JobProgress p = board.live(id).orElseThrow();
        assertThat(p.sparkJobs().total()).isZero();
        assertThat(p.tasks().total()).isZero();
        assertThat(p.inputRows()).isZero();
        assertThat(p.step()).isNull();
        assertThat(board.tracked()).isZero();
    }

    @Test
    void closingForgetsTheAttemptAndEveryIdItMapped() {
        board.open(id, 1);
        board.sparkJobStarted(7, tags(id), SparkJobs.groupOf(id, 1), new int[] {10, 11, 12});
        assertThat(board.tracked()).isEqualTo(4);
        long before = board.version(id);
        board.stageSubmitted(10, 1);
        assertThat(board.version(id)).isGreaterThan(before);

        board.close(id, 1);

        assertThat(board.live(id)).isEmpty();
        assertThat(board.size()).isZero();
        assertThat(board.tracked()).isZero();
        assertThat(board.liveAttempt(id)).isZero();
        board.taskEnded(10, true, task(1, 1, 1, 1)); // late: nobody to count it for
        board.sparkJobEnded(7, true);
        assertThat(board.tracked()).isZero();
    }

    @Test
    void aLaterAttemptReplacesAnEarlierOneAndTheEarliersCloseLeavesItAlone() {
        board.open(id, 1);
        board.sparkJobStarted(1, tags(id), SparkJobs.groupOf(id, 1), new int[] {1});
        board.open(id, 2);
        assertThat(board.tracked()).isZero();
        board.close(id, 1);
        assertThat(board.liveAttempt(id)).isEqualTo(2);
    }

    @Test
    void closingAnAttemptLeavesAStageAnotherAttemptListedSinceToThatAttempt() {
        JobId other = JobId.random();
        board.open(id, 1);
        board.open(other, 1);
        board.sparkJobStarted(7, tags(id), SparkJobs.groupOf(id, 1), new int[] {10});
        // a later Spark job of another job lists the same stage (Spark reuses a shuffle's map stage)
        board.sparkJobStarted(8, tags(other), SparkJobs.groupOf(other, 1), new int[] {10});

        board.close(id, 1);
        board.taskEnded(10, true, task(5, 50, 0, 0));

        assertThat(board.live(other).orElseThrow().inputRows()).isEqualTo(5);
        assertThat(board.tracked()).isEqualTo(2);
    }

    @Test
    void settleReturnsTheFinalCountsWithoutTheUiLink() {
        ProgressBoard withUi = new ProgressBoard("http://127.0.0.1:4040");
        withUi.open(id, 1);
        assertThat(withUi.live(id).orElseThrow().sparkUi()).isEqualTo("http://127.0.0.1:4040/jobs/");
        withUi.sparkJobStarted(42, tags(id), SparkJobs.groupOf(id, 1), new int[] {});
        assertThat(withUi.live(id).orElseThrow().sparkUi()).isEqualTo("http://127.0.0.1:4040/jobs/job/?id=42");
        withUi.sparkJobEnded(42, true);

        JobProgress settled = withUi.settle(id, 1, Duration.ofSeconds(5)).orElseThrow();
        assertThat(settled.sparkUi()).isNull();
        assertThat(settled.sparkJobs()).isEqualTo(new JobProgress.Count(1, 1));
        assertThat(withUi.settle(id, 2, Duration.ZERO)).isEmpty();
    }

    @Test
    void settleWaitsForTheListenerBusToReportTheEndOfOpenSparkJobs() throws Exception {
        board.open(id, 1);
        board.sparkJobStarted(5, tags(id), SparkJobs.groupOf(id, 1), new int[] {});
        Thread bus = new Thread(() -> board.sparkJobEnded(5, true));
        long began = System.nanoTime();
        bus.start();
        JobProgress settled = board.settle(id, 1, Duration.ofSeconds(10)).orElseThrow();
        bus.join();
        assertThat(settled.sparkJobs().completed()).isOne();
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void findsOurJobAmongSparksTags() {
        assertThat(ProgressBoard.jobOfTags("a,b," + SparkJobs.tagOf(id))).isEqualTo(id);
        assertThat(ProgressBoard.jobOfTags(SparkJobs.tagOf(id) + ",z")).isEqualTo(id);
        assertThat(ProgressBoard.jobOfTags("x-" + id)).isNull();
        assertThat(ProgressBoard.jobOfTags("")).isNull();
        assertThat(ProgressBoard.jobOfTags(null)).isNull();
    }
}
