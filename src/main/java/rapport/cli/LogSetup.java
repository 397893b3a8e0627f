package rapport.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Rapport's logging, set up in code (found by Logback through {@code META-INF/services}) rather
 * than from an XML file, so a cold command does not load an XML parser to start. Logs go to
 * stderr, so that stdout carries only the command's own output and JSON documents; the level is
 * {@code RAPPORT_LOG_LEVEL} (default WARN).
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(rapport.config.Environment.logLevel(), Level.WARN));
        root.addAppender(stderr);
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        context.getLogger("org.flywaydb").setLevel(Level.WARN);
        context.getLogger("freemarker").setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
