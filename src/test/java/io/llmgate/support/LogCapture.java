package io.llmgate.support;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;

/** Keeps every log line of the JVM (message, exception messages and stack traces) so tests can search them. */
public final class LogCapture extends AppenderBase<ILoggingEvent> {

    private static final LogCapture INSTANCE = new LogCapture();
    private final List<String> lines = new ArrayList<>();

    /** Attaches to the root logger (again after Spring Boot re-initialised logging). */
    public static synchronized LogCapture install() {
        if (!INSTANCE.isStarted()) {
            INSTANCE.setName("llmgate-test-capture");
            INSTANCE.start();
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(INSTANCE.getName()) == null) {
            root.addAppender(INSTANCE);
        }
        return INSTANCE;
    }

    @Override
    protected void append(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append("\n").append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy s : t.getStackTraceElementProxyArray()) {
                b.append("\n  ").append(s.getSTEAsString());
            }
        }
        synchronized (lines) {
            lines.add(b.toString());
        }
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
