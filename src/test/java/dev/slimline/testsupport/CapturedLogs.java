package dev.slimline.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.filter.Filter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every line the application logs while open, with the root logger at DEBUG as an operator
 * chasing a problem might set it (loggers with a level of their own, such as those
 * application.properties pins, keep it). Each line holds the level, logger, message and stack trace.
 * The other appenders (the console) keep showing what they showed before, not the DEBUG flood.
 */
public final class CapturedLogs implements AutoCloseable {

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Logger root;
    private final Level rootLevel;
    private final List<Appender<ILoggingEvent>> quieted = new ArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? ""
                            : " " + ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
    };

    private CapturedLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        root.iteratorForAppenders().forEachRemaining(other -> {
            ThresholdFilter quiet = new ThresholdFilter();
            quiet.setLevel(rootLevel.toString());
            quiet.start();
            other.addFilter(quiet);
            quieted.add(other);
        });
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
    }

    public static CapturedLogs atDebug() {
        return new CapturedLogs();
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The lines that contain any of {@code secrets}. */
    public List<String> showing(String... secrets) {
        return lines().stream().filter(line -> {
            for (String secret : secrets) {
                if (line.contains(secret)) {
                    return true;
                }
            }
            return false;
        }).toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        root.setLevel(rootLevel);
        for (Appender<ILoggingEvent> other : quieted) {
            List<Filter<ILoggingEvent>> filters = other.getCopyOfAttachedFiltersList();
            other.clearAllFilters();
            filters.subList(0, filters.size() - 1).forEach(other::addFilter);
        }
    }
}
