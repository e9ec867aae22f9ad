package io.palisade.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Outcome;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.RuleRef;
import io.palisade.core.policy.model.Action;
import io.palisade.core.policy.model.Mode;
import io.palisade.core.policy.model.SourceRef;
import io.palisade.testing.pki.TestPki;

/** What {@code /metrics} shows after the MQTT stage reported denials, revocations and refusals. */
class MqttMetricsTest {

    static final DeviceId ID = DeviceId.parse(TestPki.create("acme").device().build().deviceId());
    static final Decision DEFAULT_DENY = new Decision(Outcome.DENY, Optional.empty(), List.of(), "no rule allows it", 3);
    static final Decision RULE_DENY = new Decision(Outcome.DENY,
            Optional.of(new RuleRef("sensors", "no-admin", Action.DENY, Mode.ENFORCE, SourceRef.UNKNOWN)), List.of(),
            "denied by sensors/no-admin", 4);

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final MqttMetrics metrics = new MqttMetrics(registry);

    @Test
    void denialsAreCountedByKindAndRule() {
        metrics.denied(ID, new Request.MqttPublish("devices/a/cmd", 1), DEFAULT_DENY);
        metrics.denied(ID, new Request.MqttPublish("devices/b/cmd", 0), DEFAULT_DENY);
        metrics.denied(ID, new Request.MqttSubscribe("admin/#", 0), RULE_DENY);
        metrics.revoked(ID, "fleet/#", RULE_DENY);

        assertThat(registry.scrape()).contains(
                "palisade_mqtt_denied_total{kind=\"publish\",rule=\"default\"} 2.0",
                "palisade_mqtt_denied_total{kind=\"subscribe\",rule=\"sensors/no-admin\"} 1.0",
                "palisade_mqtt_revoked_total{rule=\"sensors/no-admin\"} 1.0");
    }

    @Test
    void refusedConnectsAndProtocolViolationsAreCountedByStageNotByTheirFreeTextReason() {
        metrics.connectRefused(ID, "client id x (expected: the device id)");
        metrics.connectRefused(ID, "cloud broker: connection refused");
        metrics.protocolViolation(ID, "silent for 1.5 x keepalive (15000 ms)");

        assertThat(registry.scrape()).contains(
                "palisade_mqtt_refused_total{reason=\"connect\"} 2.0",
                "palisade_mqtt_refused_total{reason=\"protocol\"} 1.0")
                .doesNotContain("expected: the device id", "keepalive");
    }

    @Test
    void noLabelNamesADeviceOrATopic() {
        metrics.denied(ID, new Request.MqttPublish("devices/a/cmd", 1), DEFAULT_DENY);
        metrics.revoked(ID, "fleet/#", RULE_DENY);
        metrics.protocolViolation(ID, "undecodable packet");

        assertThat(registry.scrape()).doesNotContain(ID.value(), "devices/a/cmd", "fleet/#", "undecodable");
    }
}
