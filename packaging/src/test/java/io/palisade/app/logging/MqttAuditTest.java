package io.palisade.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Outcome;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.RuleRef;
import io.palisade.core.policy.model.Action;
import io.palisade.core.policy.model.Mode;
import io.palisade.core.policy.model.SourceRef;
import io.palisade.testing.pki.TestPki;
import net.logstash.logback.encoder.LogstashEncoder;

/** Each MQTT refusal is one WARN JSON audit line with the device, the rule and the detail, and no stack trace. */
class MqttAuditTest {

    static final DeviceId ID = DeviceId.parse(TestPki.create("acme").device().build().deviceId());
    static final Decision DEFAULT_DENY = new Decision(Outcome.DENY, Optional.empty(), List.of(), "no rule allows it", 3);
    static final Decision RULE_DENY = new Decision(Outcome.DENY,
            Optional.of(new RuleRef("sensors", "no-admin", Action.DENY, Mode.ENFORCE, SourceRef.UNKNOWN)), List.of(),
            "denied by sensors/no-admin", 4);

    final Logger audit = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    final LogstashEncoder json = new LogstashEncoder();
    final MqttAudit log = new MqttAudit();

    @BeforeEach
    void capture() {
        LoggerContext context = audit.getLoggerContext();
        lines.setContext(context);
        lines.start();
        json.setContext(context);
        json.start();
        audit.addAppender(lines);
        audit.setLevel(Level.WARN);
    }

    @AfterEach
    void release() {
        audit.detachAppender(lines);
        audit.setLevel(null);
    }

    @Test
    void aDeniedPublishIsOneWarnJsonLineWithDeviceTopicRuleAndDetail() {
        log.denied(ID, new Request.MqttPublish("devices/other/cmd", 1), DEFAULT_DENY);

        assertThat(lines.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getThrowableProxy()).isNull();
        });
        String line = line(0);
        assertThat(line.strip()).doesNotContain("\n", "stack_trace");
        assertThat(line).contains("\"event\":\"mqtt-denied\"", "\"device\":\"" + ID.value() + "\"", "\"kind\":\"publish\"",
                "\"topic\":\"devices/other/cmd\"", "\"rule\":\"default\"", "\"generation\":3",
                "\"detail\":\"no rule allows it\"");
    }

    @Test
    void aDeniedSubscribeAndARevokedSubscriptionNameTheFilterAndTheRule() {
        log.denied(ID, new Request.MqttSubscribe("admin/#", 0), RULE_DENY);
        log.revoked(ID, "fleet/#", RULE_DENY);

        assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.WARN);
        assertThat(line(0)).contains("\"event\":\"mqtt-denied\"", "\"kind\":\"subscribe\"", "\"topic\":\"admin/#\"",
                "\"rule\":\"sensors/no-admin\"");
        assertThat(line(1)).contains("\"event\":\"mqtt-revoked\"", "\"topic\":\"fleet/#\"", "\"rule\":\"sensors/no-admin\"",
                "\"generation\":4", "\"detail\":\"denied by sensors/no-admin\"");
    }

    @Test
    void aRefusedConnectAndAProtocolViolationCarryTheirReasonAsDetail() {
        log.connectRefused(ID, "empty client id with a persistent session");
        log.protocolViolation(ID, "first packet MqttPublishMessage (expected: CONNECT)");

        assertThat(line(0)).contains("\"level\":\"WARN\"", "\"event\":\"mqtt-connect-refused\"",
                "\"device\":\"" + ID.value() + "\"", "\"detail\":\"empty client id with a persistent session\"");
        assertThat(line(1)).contains("\"event\":\"mqtt-protocol-violation\"",
                "\"detail\":\"first packet MqttPublishMessage (expected: CONNECT)\"").doesNotContain("stack_trace");
    }

    private String line(int index) {
        return new String(json.encode(lines.list.get(index)), StandardCharsets.UTF_8);
    }
}
