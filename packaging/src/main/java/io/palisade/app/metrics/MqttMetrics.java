package io.palisade.app.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.palisade.adapters.mqtt.MqttEvents;
import io.palisade.app.logging.MqttAudit;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request;

/**
 * Counts the MQTT stage's refusals, as Prometheus exposes them:
 *
 * <pre>
 * palisade_mqtt_denied_total{kind="publish"|"subscribe", rule}   a PUBLISH (either direction) or SUBSCRIBE the
 *                                                                policy denied, by the deciding rule ("default" for
 *                                                                the default deny)
 * palisade_mqtt_revoked_total{rule}                              live subscriptions a new policy generation revoked
 * palisade_mqtt_refused_total{reason="connect"}                  CONNECTs refused (client id, will topic, cloud)
 * palisade_mqtt_refused_total{reason="protocol"}                 connections closed for breaking the protocol or a
 *                                                                bound (first packet, keepalive, packet size, …)
 * </pre>
 *
 * Labels have bounded values (two kinds, rule names from the policy files, two reasons): never a
 * device id or a topic; those are in the audit line ({@link MqttAudit}).
 */
public final class MqttMetrics implements MqttEvents {

    private final MeterRegistry registry;

    public MqttMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    @Override
    public void denied(DeviceId device, Request request, Decision decision) {
        Counter.builder("palisade.mqtt.denied")
                .description("MQTT publishes and subscribes denied by policy, by kind and the rule that decided")
                .tag("kind", MqttAudit.kind(request))
                .tag("rule", decision.ruleName())
                .register(registry).increment();
    }

    @Override
    public void revoked(DeviceId device, String filter, Decision decision) {
        Counter.builder("palisade.mqtt.revoked")
                .description("Live MQTT subscriptions revoked by a new policy generation, by the rule that decided")
                .tag("rule", decision.ruleName())
                .register(registry).increment();
    }

    @Override
    public void connectRefused(DeviceId device, String reason) {
        refused("connect").increment();
    }

    @Override
    public void protocolViolation(DeviceId device, String reason) {
        refused("protocol").increment();
    }

    private Counter refused(String reason) {
        return Counter.builder("palisade.mqtt.refused")
                .description("MQTT CONNECTs refused (connect) and connections closed for a protocol violation (protocol)")
                .tag("reason", reason)
                .register(registry);
    }
}
