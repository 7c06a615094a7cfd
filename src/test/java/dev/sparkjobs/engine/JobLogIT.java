package dev.sparkjobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.AbstractIT;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobLogIT extends AbstractIT {

    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private AbstractAppender capture;

    @BeforeEach
    void captureLogs() {
        capture = new AbstractAppender("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(event.toImmutable());
            }
        };
        capture.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        ctx.updateLoggers();
    }

    @AfterEach
    void stopCapturing() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(capture.getName());
        ctx.updateLoggers();
        capture.stop();
    }

    @Test
    void everyLineAJobLogsOnItsThreadCarriesItsId() {
        String ok = api.submitOk(sql("SELECT 1"));
        String failing = api.submitOk(sql("SELECT * FROM no_such_table_for_logs"));
        api.awaitFinal(ok);
        api.awaitFinal(failing);
        awaitIdle();

        List<LogEvent> jobThreadLines = events.stream()
                .filter(e -> e.getThreadName().matches("job-\\d+"))
                .filter(e -> e.getLoggerName().startsWith("dev.sparkjobs"))
                .toList();

        assertThat(jobThreadLines).hasSizeGreaterThanOrEqualTo(4);
        assertThat(jobThreadLines)
                .allSatisfy(e -> assertThat((String) e.getContextData().getValue("jobId"))
                        .isIn(ok, failing));
        assertThat(jobThreadLines).anySatisfy(e -> {
            assertThat((String) e.getContextData().getValue("jobId")).isEqualTo(failing);
            assertThat(e.getMessage().getFormattedMessage()).contains("no_such_table_for_logs");
        });
        assertThat(events.stream()
                        .filter(e -> e.getThreadName().matches("job-\\d+"))
                        .map(e -> (String) e.getContextData().getValue("jobId")))
                .as("no line on a job thread without a job id")
                .allSatisfy(id -> assertThat(id).isIn(Set.of(ok, failing).toArray()));
    }
}
