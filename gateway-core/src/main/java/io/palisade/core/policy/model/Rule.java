package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rule of a policy: an action and the requests it covers. Each clause is optional, at least
 * one is present, and a rule with several clauses matches a request of any of those kinds
 * (an MQTT publish is judged by {@code mqtt} only, a connection by {@code to} only, and so on).
 *
 * <p>Decisions, audit events and metrics name a rule {@code policy/rule}; a rule's name is
 * unique within its policy and policy names are unique in a {@link PolicySet}.
 *
 * @param name    letters, digits, {@code . _ -}, starting with a letter or digit
 * @param source  where the rule is written
 * @param action  allow or deny
 * @param mqtt    MQTT publish/subscribe topic filters
 * @param to      egress targets; empty means no egress clause
 * @param coap    CoAP methods and paths
 * @param http    HTTP methods and paths (requests relayed over HTTP, other than update and EST)
 * @param updates update channels
 * @param est     EST operations; empty means no EST clause
 */
public record Rule(String name, SourceRef source, Action action, Optional<MqttClause> mqtt, List<EgressTarget> to,
                   Optional<PathClause> coap, Optional<PathClause> http, Optional<UpdatesClause> updates,
                   Set<EstOperation> est) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public Rule {
        requireNonNull(name, "name");
        requireNonNull(source, "source");
        requireNonNull(action, "action");
        requireNonNull(mqtt, "mqtt");
        to = List.copyOf(requireNonNull(to, "to"));
        requireNonNull(coap, "coap");
        requireNonNull(http, "http");
        requireNonNull(updates, "updates");
        requireNonNull(est, "est");
        est = est.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(est));
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rule name: " + name + " (expected: letters, digits, . _ -)");
        }
        if (mqtt.isEmpty() && to.isEmpty() && coap.isEmpty() && http.isEmpty() && updates.isEmpty() && est.isEmpty()) {
            throw new IllegalArgumentException("rule " + name + ": no clause (expected: at least one of mqtt, to, coap, http, updates, est)");
        }
    }

    /** Every pattern of this rule with its kind, in the order written (for validation and lint). */
    public List<Template> templates() {
        List<Template> out = new ArrayList<>();
        mqtt.ifPresent(m -> {
            m.publish().forEach(f -> out.add(Template.parse(Template.Kind.TOPIC, f)));
            m.subscribe().forEach(f -> out.add(Template.parse(Template.Kind.TOPIC, f)));
        });
        to.forEach(t -> t.host().ifPresent(h -> out.add(Template.parse(Template.Kind.HOST, h))));
        coap.ifPresent(c -> c.paths().forEach(p -> out.add(Template.parse(Template.Kind.PATH, p))));
        http.ifPresent(c -> c.paths().forEach(p -> out.add(Template.parse(Template.Kind.PATH, p))));
        return out;
    }

    /** A builder of an allow rule named {@code name}. */
    public static Builder allow(String name) {
        return new Builder(name, Action.ALLOW);
    }

    /** A builder of a deny rule named {@code name}. */
    public static Builder deny(String name) {
        return new Builder(name, Action.DENY);
    }

    /** Builds a {@link Rule} clause by clause. */
    public static final class Builder {
        private final String name;
        private final Action action;
        private SourceRef source = SourceRef.UNKNOWN;
        private MqttClause mqtt;
        private final List<EgressTarget> to = new ArrayList<>();
        private PathClause coap;
        private PathClause http;
        private UpdatesClause updates;
        private final Set<EstOperation> est = EnumSet.noneOf(EstOperation.class);

        private Builder(String name, Action action) {
            this.name = requireNonNull(name, "name");
            this.action = action;
        }

        public Builder source(SourceRef source) {
            this.source = requireNonNull(source, "source");
            return this;
        }

        public Builder mqtt(MqttClause mqtt) {
            this.mqtt = requireNonNull(mqtt, "mqtt");
            return this;
        }

        public Builder to(EgressTarget... targets) {
            to.addAll(List.of(targets));
            return this;
        }

        public Builder coap(PathClause coap) {
            this.coap = requireNonNull(coap, "coap");
            return this;
        }

        public Builder http(PathClause http) {
            this.http = requireNonNull(http, "http");
            return this;
        }

        public Builder updates(String... channels) {
            this.updates = UpdatesClause.of(channels);
            return this;
        }

        public Builder est(EstOperation... operations) {
            est.addAll(List.of(operations));
            return this;
        }

        public Rule build() {
            return new Rule(name, source, action, Optional.ofNullable(mqtt), to, Optional.ofNullable(coap),
                    Optional.ofNullable(http), Optional.ofNullable(updates), est);
        }
    }
}
