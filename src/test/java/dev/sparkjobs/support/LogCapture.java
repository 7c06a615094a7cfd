package dev.sparkjobs.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Keeps the log events of one logger (and those below it) at {@code level} or above. Attach it after
 * the application context has started: starting a context configures logging afresh, which drops
 * an appender added before.
 */
public final class LogCapture implements AutoCloseable {

    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final String logger;
    private final AbstractAppender appender;

    private LogCapture(String logger, Level level) {
        this.logger = logger;
        this.appender = new AbstractAppender("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLoggerName().startsWith(logger) && event.getLevel().isMoreSpecificThan(level)) {
                    events.add(event.toImmutable());
                }
            }
        };
    }

    public static LogCapture attach(String logger, Level level) {
        LogCapture capture = new LogCapture(logger, level);
        capture.appender.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        // the configuration nearest the logger: the root's, or its own where it has one (and no additivity)
        ctx.getConfiguration().getLoggerConfig(logger).addAppender(capture.appender, Level.ALL, null);
        ctx.updateLoggers();
        return capture;
    }

    /** The formatted messages captured so far. */
    public List<String> messages() {
        return events.stream().map(e -> e.getMessage().getFormattedMessage()).toList();
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getLoggerConfig(logger).removeAppender(appender.getName());
        ctx.updateLoggers();
        appender.stop();
    }

    @Override
    public String toString() {
        return "log of " + logger;
    }
}
