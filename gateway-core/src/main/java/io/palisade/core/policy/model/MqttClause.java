package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * The MQTT part of a rule: topic filters ({@link Template.Kind#TOPIC}) for publishing and for
 * subscribing, and the QoS levels the rule covers.
 *
 * <p>A publish matches when its topic matches one of {@code publish} with MQTT's own semantics
 * ({@code +} one level, {@code #} the rest including the parent, no wildcard at the first level
 * matches a {@code $} topic). A subscribe matches an allow rule when every topic its filter can
 * match is matched by one of {@code subscribe} (the filter is contained), and a deny rule when
 * some topic could be matched by both (the filter overlaps), so a broad subscription cannot
 * reach a denied topic.
 *
 * @param publish   topic filters the rule covers for PUBLISH
 * @param subscribe topic filters the rule covers for SUBSCRIBE
 * @param qos       the QoS levels (0, 1, 2) covered; empty means all
 */
public record MqttClause(List<String> publish, List<String> subscribe, Set<Integer> qos) {

    public MqttClause {
        publish = List.copyOf(requireNonNull(publish, "publish"));
        subscribe = List.copyOf(requireNonNull(subscribe, "subscribe"));
        qos = Set.copyOf(requireNonNull(qos, "qos"));
        if (publish.isEmpty() && subscribe.isEmpty()) {
            throw new IllegalArgumentException("mqtt: no publish and no subscribe (expected: at least one topic filter)");
        }
        for (int q : qos) {
            if (q < 0 || q > 2) {
                throw new IllegalArgumentException("qos: " + q + " (expected: 0, 1 or 2)");
            }
        }
        publish.forEach(f -> Template.parse(Template.Kind.TOPIC, f));
        subscribe.forEach(f -> Template.parse(Template.Kind.TOPIC, f));
    }

    /** Publishing to {@code filters}, any QoS. */
    public static MqttClause publish(String... filters) {
        return new MqttClause(List.of(filters), List.of(), Set.of());
    }

    /** Subscribing to {@code filters}, any QoS. */
    public static MqttClause subscribe(String... filters) {
        return new MqttClause(List.of(), List.of(filters), Set.of());
    }

    /** This clause restricted to the QoS levels {@code levels}. */
    public MqttClause withQos(Integer... levels) {
        return new MqttClause(publish, subscribe, Set.of(levels));
    }
}
