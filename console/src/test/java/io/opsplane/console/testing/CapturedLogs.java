package io.opsplane.console.testing;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** What the console logged while a test ran, for tests that assert nothing was logged at ERROR (or worse). */
public final class CapturedLogs implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs() {
        appender.start();
        root().addAppender(appender);
    }

    /** Captures from now until {@link #close}. */
    public static CapturedLogs start() {
        return new CapturedLogs();
    }

    public void clear() {
        synchronized (appender) {
            appender.list.clear();
        }
    }

    /** A copy: request threads keep logging while a test reads. */
    public List<ILoggingEvent> events() {
        // the appender appends under its own lock
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** "logger: message" of each event at ERROR. */
    public List<String> errors() {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

    @Override
    public void close() {
        root().detachAppender(appender);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
