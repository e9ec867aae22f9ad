package io.palisade.app.logging;

import static net.logstash.logback.argument.StructuredArguments.kv;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.adapters.mqtt.MqttEvents;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request;

/**
 * Writes each MQTT refusal as one WARN line on the {@value AuditLog#LOGGER} logger, beside the
 * connection lines of {@link AuditLog}, with its facts as fields:
 *
 * <ul>
 *   <li>a denied PUBLISH (either direction) or SUBSCRIBE: {@code event=mqtt-denied}, device, kind
 *       ({@code publish} or {@code subscribe}), topic (the topic or filter), rule (the deciding rule's
 *       {@code policy/rule}, or {@code default} for the default deny), generation, detail (the
 *       decision's reason).</li>
 *   <li>a live subscription a new policy generation denies: {@code event=mqtt-revoked}, device,
 *       topic (the filter), rule, generation, detail.</li>
 *   <li>a refused CONNECT: {@code event=mqtt-connect-refused}, device, detail.</li>
 *   <li>a connection closed for breaking the protocol or a bound: {@code event=mqtt-protocol-violation},
 *       device, detail.</li>
 * </ul>
 * Never a stack trace: a device that is refused is expected, not an error. Called on the device's
 * event loop; writing a line does not block beyond the appender.
 */
public final class MqttAudit implements MqttEvents {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.LOGGER);

    @Override
    public void denied(DeviceId device, Request request, Decision decision) {
        log.warn("mqtt request denied {} {} {} {} {} {} {}", kv("event", "mqtt-denied"), kv("device", device.value()),
                kv("kind", kind(request)), kv("topic", topic(request)), kv("rule", decision.ruleName()),
                kv("generation", decision.generation()), kv("detail", decision.reason()));
    }

    @Override
    public void revoked(DeviceId device, String filter, Decision decision) {
        log.warn("mqtt subscription revoked by a policy change {} {} {} {} {} {}", kv("event", "mqtt-revoked"),
                kv("device", device.value()), kv("topic", filter), kv("rule", decision.ruleName()),
                kv("generation", decision.generation()), kv("detail", decision.reason()));
    }

    @Override
    public void connectRefused(DeviceId device, String reason) {
        log.warn("mqtt connect refused {} {} {}", kv("event", "mqtt-connect-refused"), kv("device", device.value()),
                kv("detail", reason));
    }

    @Override
    public void protocolViolation(DeviceId device, String reason) {
        log.warn("mqtt connection closed for a protocol violation {} {} {}", kv("event", "mqtt-protocol-violation"),
                kv("device", device.value()), kv("detail", reason));
    }

    /** {@code publish} or {@code subscribe}: the MQTT request kind, as the audit line and metrics name it. */
    public static String kind(Request request) {
        return switch (request.kind()) {
            case MQTT_PUBLISH -> "publish";
            case MQTT_SUBSCRIBE -> "subscribe";
            default -> request.kind().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String topic(Request request) {
        if (request instanceof Request.MqttPublish p) {
            return p.topic();
        }
        return request instanceof Request.MqttSubscribe s ? s.filter() : request.toString();
    }
}
