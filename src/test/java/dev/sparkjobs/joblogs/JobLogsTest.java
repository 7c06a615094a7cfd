package dev.sparkjobs.joblogs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.JobId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class JobLogsTest {

    /** Lines and dropped counts in memory; can be made to fail like an unreachable database. */
    static final class MemoryStore implements JobLogStore {
        final Map<JobId, List<JobLogLine>> lines = new ConcurrentHashMap<>();
        final Map<JobId, Long> dropped = new ConcurrentHashMap<>();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public void append(JobId id, List<JobLogLine> add, long droppedSoFar) {
            if (down.get()) {
                throw new IllegalStateException("store down");
            }
            lines.computeIfAbsent(id, k -> new ArrayList<>()).addAll(add);
            dropped.put(id, droppedSoFar);
        }

        @Override
        public List<JobLogLine> read(JobId id, long offset, int limit) {
            return lines.getOrDefault(id, List.of()).stream()
                    .filter(l -> l.seq() >= offset)
                    .limit(limit)
                    .toList();
        }

        @Override
        public long nextSeq(JobId id) {
            return lines.getOrDefault(id, List.of()).size();
        }

        @Override
        public long dropped(JobId id) {
            return dropped.getOrDefault(id, 0L);
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final JobLogs logs = new JobLogs(store, new LogsProperties(3, 80, Duration.ofSeconds(2)));
    private final JobId id = JobId.random();

    private void log(String message) {
        logs.append(id.toString(), Instant.EPOCH, "INFO", "test", message);
    }

    @Test
    void keepsTheLinesOfAnOpenAttemptOnlyAndCountsThosePastTheCap() {
        log("before it opened");
        logs.open(id, 1);
        for (int i = 0; i < 5; i++) {
            log("line " + i);
        }

        JobLogPage page = logs.read(id, 0, 100);
        assertThat(page.lines()).extracting(JobLogLine::message).containsExactly("line 0", "line 1", "line 2");
        assertThat(page.lines()).extracting(JobLogLine::seq).containsExactly(0L, 1L, 2L);
        assertThat(page.dropped()).isEqualTo(2);
        assertThat(page.nextOffset()).isEqualTo(3);
        assertThat(store.lines).as("not flushed yet: read from memory").isEmpty();

        logs.close(id, 1);
        log("after it closed");
        assertThat(store.lines.get(id)).hasSize(3);
        assertThat(logs.read(id, 0, 100).dropped()).isEqualTo(2);
        assertThat(logs.read(id, 1, 1).lines()).extracting(JobLogLine::message).containsExactly("line 1");
        assertThat(logs.openBuffers()).isZero();
    }

    @Test
    void aNulCharacterIsStoredAsTheReplacementCharacterSinceSomeStoresRefuseIt() {
        logs.open(id, 1);
        log("before\u0000after");
        logs.close(id, 1);

        assertThat(store.lines.get(id)).extracting(JobLogLine::message).containsExactly("before\uFFFDafter");
    }

    @Test
    void cutsLongLinesAndNumbersALaterAttemptOnFromTheStoredLines() {
        JobLogs roomy = new JobLogs(store, new LogsProperties(100, 80, Duration.ofSeconds(2)));
        roomy.open(id, 1);
        roomy.append(id.toString(), Instant.EPOCH, "WARN", "test", "x".repeat(500));
        roomy.close(id, 1);
        roomy.open(id, 2);
        roomy.append(id.toString(), Instant.EPOCH, "INFO", "test", "second");

        List<JobLogLine> lines = roomy.read(id, 0, 10).lines();
        assertThat(lines.get(0).message()).hasSize(80).endsWith("…");
        assertThat(lines.get(1).seq()).isEqualTo(1);
        assertThat(lines.get(1).attempt()).isEqualTo(2);
    }

    @Test
    void aFailedFlushKeepsTheLinesForTheNextOneAndReadsStillSeeThem() {
        logs.open(id, 1);
        log("one");
        store.down.set(true);
        logs.flushAll();
        assertThat(logs.read(id, 0, 10).lines()).hasSize(1);

        store.down.set(false);
        log("two");
        logs.flushAll();
        assertThat(store.lines.get(id)).extracting(JobLogLine::message).containsExactly("one", "two");
        assertThat(logs.read(id, 0, 10).lines())
                .as("each line once, though it is stored and was buffered")
                .hasSize(2);
    }

    @Test
    void theAppenderKeepsOnlyLinesWithTheJobsIdInTheMdcAndTheJobsLoggerCarriesItToAnyThread() throws Exception {
        JobLogAppender appender = new JobLogAppender(logs);
        appender.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Level level = ctx.getConfiguration().getRootLogger().getLevel();
        ctx.getConfiguration().getRootLogger().setLevel(Level.INFO); // without Spring: ERROR
        ctx.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        ctx.updateLoggers();
        try {
            logs.open(id, 1);
            Logger plain = LoggerFactory.getLogger("dev.sparkjobs.test");
            Logger jobs = JobLogger.of(id.toString(), LoggerFactory.getLogger("job.test"));

            MDC.put(JobLogs.MDC_JOB_ID, id.toString());
            plain.info("on the job's thread");
            MDC.remove(JobLogs.MDC_JOB_ID);
            plain.warn("on another thread, its secret");
            Thread other = new Thread(() -> {
                jobs.info("from a thread the job started");
                plain.info("after it, on that thread");
            });
            other.start();
            other.join();
            plain.error("failed", new IllegalStateException("why"));

            assertThat(MDC.get(JobLogs.MDC_JOB_ID)).isNull();
            assertThat(logs.read(id, 0, 10).lines())
                    .extracting(JobLogLine::message)
                    .containsExactly("on the job's thread", "from a thread the job started");
            assertThat(logs.read(id, 0, 10).lines().get(1).logger()).isEqualTo("job.test");
        } finally {
            ctx.getConfiguration().getRootLogger().removeAppender(appender.getName());
            ctx.getConfiguration().getRootLogger().setLevel(level);
            ctx.updateLoggers();
            appender.stop();
        }
    }
}
