package dev.sparkjobs.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.SideWrite;
import dev.sparkjobs.joblogs.JobLogLine;
import dev.sparkjobs.joblogs.JobLogStore;
import dev.sparkjobs.joblogs.JobLogs;
import dev.sparkjobs.joblogs.LogsProperties;
import dev.sparkjobs.progress.JobProgress;
import dev.sparkjobs.progress.JobProgressService;
import dev.sparkjobs.progress.ProgressBoard;
import dev.sparkjobs.progress.ProgressStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class AttemptTrackingTest {

    private final Map<JobId, JobProgress> stored = new ConcurrentHashMap<>();
    private final List<JobLogLine> storedLines = new ArrayList<>();
    private final JobProgressService progress = new JobProgressService(new ProgressBoard(null), new ProgressStore() {
        @Override
        public void save(JobId id, JobProgress p) {
            stored.put(id, p);
        }

        @Override
        public Optional<JobProgress> find(JobId id) {
            return Optional.ofNullable(stored.get(id));
        }
    });
    private final JobLogs logs = new JobLogs(
            new JobLogStore() {
                @Override
                public void append(JobId id, List<JobLogLine> lines, long dropped) {
                    storedLines.addAll(lines);
                }

                @Override
                public List<JobLogLine> read(JobId id, long offset, int limit) {
                    return List.copyOf(storedLines);
                }

                @Override
                public long nextSeq(JobId id) {
                    return storedLines.size();
                }

                @Override
                public long dropped(JobId id) {
                    return 0;
                }
            },
            new LogsProperties(100, 200, Duration.ofSeconds(2)));
    private final AttemptTracking tracking = new AttemptTracking(progress, logs);
    private final JobId id = JobId.random();

    @Test
    void theJobsStepIsLiveWhileItRunsAndStoredWithItsEnd() {
        assertThat(progress.of(id)).isEmpty();
        tracking.started(id, 1);
        tracking.progress(id, 1).report("load", 2, 10);
        assertThat(progress.of(id).orElseThrow().step()).isEqualTo(new JobProgress.Step("load", 2, 10));
        assertThat(stored).isEmpty();

        List<SideWrite> withTheEnd = tracking.ending(id, 1);
        assertThat(stored).as("written by the end's own transaction").isEmpty();
        withTheEnd.forEach(w -> w.write().run());
        assertThat(stored.get(id).step()).isEqualTo(new JobProgress.Step("load", 2, 10));
        tracking.ended(id, 1);

        assertThat(progress.liveAttempt(id)).isZero();
        assertThat(progress.of(id).orElseThrow().step().name()).isEqualTo("load");
        assertThat(logs.openBuffers()).isZero();
    }

    @Test
    void aStepReportedForAnAttemptThatEndedIsIgnored() {
        tracking.started(id, 1);
        var sink = tracking.progress(id, 1);
        tracking.ending(id, 1);
        tracking.ended(id, 1);
        tracking.started(id, 2);
        sink.report("late", 1, 1);
        assertThat(progress.of(id).orElseThrow().step()).isNull();
        assertThat(progress.of(id).orElseThrow().attempt()).isEqualTo(2);
    }
}
