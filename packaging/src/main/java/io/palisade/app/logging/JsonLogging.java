package io.palisade.app.logging;

import static java.util.Objects.requireNonNull;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * Switches logging to JSON lines on stdout, one object per event, for {@code palisade run}: what
 * journald, a container runtime or a log shipper collects. Every line carries {@code site}. The
 * other commands keep the human-readable {@code logback.xml} (warnings only, on stderr).
 *
 * <pre>{@code
 * {"@timestamp":"…","@version":"1","message":"device refused event=refused …","logger_name":"palisade.audit",
 *  "thread_name":"…","level":"WARN","level_value":30000,"event":"refused","listener":"plc",
 *  "remote":"127.0.0.1:50412","reason":"UNKNOWN_ISSUER","stage":"CERTIFICATE","device":"3f5c…","detail":"…","site":"site-a"}
 * }</pre>
 */
public final class JsonLogging {

    private JsonLogging() {}

    /**
     * Replaces the logging configuration: INFO and above as JSON lines on stdout; Netty at WARN;
     * refusals only from {@link AuditLog} (one line each).
     */
    public static void install(String site) {
        requireNonNull(site, "site");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.setCustomFields("{\"site\":\"" + site + "\"}"); // a DNS label: nothing to escape
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("json-stdout");
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stdout);
        context.getLogger("io.netty").setLevel(Level.WARN);
        // The data plane logs each refusal itself too; the audit log's line (palisade.audit) is the one kept.
        context.getLogger("io.palisade.proxy.pipeline.ConnectionContext").setLevel(Level.ERROR);
        // The policy store logs swaps and refusals itself; the reload line (palisade.gateway) is the one kept.
        context.getLogger("io.palisade.core.policy.PolicyStore").setLevel(Level.OFF);
    }

    /** Flushes and stops every appender (the last thing before the process exits). */
    public static void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
}
