package io.palisade.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.identity.Refusal;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.events.ConnectionClosed;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.HandshakeSucceeded;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;
import net.logstash.logback.encoder.LogstashEncoder;

/** Each data-plane event is one audit line; a refusal is one WARN JSON object with its reason and no stack trace. */
class AuditLogTest {

    static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40000);
    static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");
    static final HeldCert DEVICE = TestPki.create("acme").device().product("thermostat").build();
    static final DeviceId ID = DeviceId.parse(DEVICE.deviceId());

    final Logger audit = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    final LogstashEncoder json = new LogstashEncoder();
    final AuditLog log = new AuditLog();

    @BeforeEach
    void capture() {
        LoggerContext context = audit.getLoggerContext();
        lines.setContext(context);
        lines.start();
        json.setContext(context);
        json.start();
        audit.addAppender(lines);
        audit.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        audit.detachAppender(lines);
        audit.setLevel(null);
    }

    @Test
    void aRefusedCertificateIsOneWarnJsonLineWithReasonDeviceAndDetail() {
        log.refused(new ConnectionRefused("plc", REMOTE, RefusalReason.CERTIFICATE, Optional.of(Refusal.UNKNOWN_ISSUER),
                "no path to a trust anchor", Optional.of(ID), AT));

        assertThat(lines.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getThrowableProxy()).isNull();
        });
        String line = new String(json.encode(lines.list.get(0)), StandardCharsets.UTF_8);
        assertThat(line.strip()).doesNotContain("\n", "stack_trace");
        assertThat(line).contains("\"level\":\"WARN\"", "\"event\":\"refused\"", "\"listener\":\"plc\"",
                "\"remote\":\"127.0.0.1:40000\"", "\"reason\":\"UNKNOWN_ISSUER\"", "\"stage\":\"CERTIFICATE\"",
                "\"device\":\"" + ID.value() + "\"", "\"detail\":\"no path to a trust anchor\"");
    }

    @Test
    void aRefusalBeforeAnyCertificateNamesTheStageAndNoDevice() {
        log.refused(new ConnectionRefused("plc", REMOTE, RefusalReason.NO_CLIENT_CERTIFICATE, Optional.empty(),
                "no client certificate", Optional.empty(), AT));

        String line = new String(json.encode(lines.list.get(0)), StandardCharsets.UTF_8);
        assertThat(line).contains("\"reason\":\"NO_CLIENT_CERTIFICATE\"").doesNotContain("\"device\"");
    }

    @Test
    void aConnectionIsAHandshakeLineAndACloseLineAtInfo() {
        DeviceIdentity identity = new DeviceIdentity(ID, "acme", Optional.of("thermostat"), List.of(DEVICE.certificate()),
                AT, AT.plus(Duration.ofDays(7)), Optional.empty());
        log.handshakeSucceeded(new HandshakeSucceeded("plc", REMOTE, identity, "TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty(), false, AT));
        log.closed(new ConnectionClosed("plc", REMOTE, ID, CloseReason.FINISHED, 12, 30, Duration.ofMillis(1500), AT));

        assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO, Level.INFO);
        assertThat(new String(json.encode(lines.list.get(0)), StandardCharsets.UTF_8)).contains("\"event\":\"handshake\"",
                "\"tenant\":\"acme\"", "\"product\":\"thermostat\"", "\"protocol\":\"TLSv1.3\"", "\"resumed\":false");
        assertThat(new String(json.encode(lines.list.get(1)), StandardCharsets.UTF_8)).contains("\"event\":\"closed\"",
                "\"reason\":\"FINISHED\"", "\"bytesUp\":12", "\"bytesDown\":30", "\"durationMs\":1500");
    }

    @Test
    void atWarnOnlyRefusalsAreWritten() {
        audit.setLevel(Level.WARN);
        log.closed(new ConnectionClosed("plc", REMOTE, ID, CloseReason.FINISHED, 1, 1, Duration.ZERO, AT));
        log.refused(new ConnectionRefused("plc", REMOTE, RefusalReason.HANDSHAKE_TIMEOUT, Optional.empty(),
                "no handshake within 10 s", Optional.empty(), AT));

        assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN);
    }
}
