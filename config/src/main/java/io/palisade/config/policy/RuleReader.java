package io.palisade.config.policy;

import io.palisade.config.internal.ModelErrors;
import io.palisade.core.policy.model.Action;
import io.palisade.core.policy.model.EstOperation;
import io.palisade.core.policy.model.MqttClause;
import io.palisade.core.policy.model.PathClause;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.UpdatesClause;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads one rule ({@code spec.rules[i]}) into the core's {@link Rule}, reporting every value that
 * is wrong at its position: at least one clause, MQTT topic filters, egress destinations (see
 * {@link EgressReader}), CoAP and HTTP methods and paths, update channels, EST operations.
 * Values of the wrong type are left to the schema; the rule is then not built.
 */
final class RuleReader {

    static final List<String> CLAUSES = List.of("mqtt", "to", "coap", "http", "updates", "est");
    static final List<String> COAP_METHODS = List.of("GET", "POST", "PUT", "DELETE", "FETCH", "PATCH", "iPATCH");

    private final PolicyFile file;
    private final Patterns patterns;
    private boolean ok = true;

    private RuleReader(PolicyFile file, Map<String, String> vars) {
        this.file = file;
        this.patterns = new Patterns(file, vars);
    }

    /** The rule at {@code path}, or empty when a problem was reported for it. */
    static Optional<Rule> read(PolicyFile file, String path, JsonNode rule, Map<String, String> vars) {
        return new RuleReader(file, vars).rule(path, rule);
    }

    private Optional<Rule> rule(String path, JsonNode rule) {
        Optional<String> name = PolicyFile.text(rule.get("name"));
        Optional<Action> action = PolicyFile.text(rule.get("action")).filter(a -> a.equals("allow") || a.equals("deny"))
                .map(a -> Action.valueOf(a.toUpperCase(Locale.ROOT)));
        if (CLAUSES.stream().noneMatch(rule::has)) {
            fail(path, "a rule that matches nothing", "at least one of " + String.join(", ", CLAUSES));
        }
        Rule.Builder builder = action.orElse(Action.DENY) == Action.ALLOW ? Rule.allow(name.orElse("x"))
                : Rule.deny(name.orElse("x"));
        builder.source(file.ref(path));
        mqtt(path + ".mqtt", rule.get("mqtt")).ifPresent(builder::mqtt);
        EgressReader.read(file, patterns, path + ".to", rule.get("to")).ifPresentOrElse(
                targets -> targets.forEach(builder::to), () -> ok = false);
        paths(path + ".coap", rule.get("coap"), true).ifPresent(builder::coap);
        paths(path + ".http", rule.get("http"), false).ifPresent(builder::http);
        updates(path + ".updates", rule.get("updates")).ifPresent(c -> builder.updates(c.channels().toArray(String[]::new)));
        est(rule.get("est")).forEach(builder::est);
        if (!ok || !patterns.ok() || name.isEmpty() || action.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(builder.build());
        } catch (IllegalArgumentException e) {
            fail(path, "rule " + name.get(), ModelErrors.expected("a valid rule", e));
            return Optional.empty();
        }
    }

    private Optional<MqttClause> mqtt(String path, JsonNode mqtt) {
        if (!isObject(mqtt)) {
            return Optional.empty();
        }
        if (!mqtt.has("publish") && !mqtt.has("subscribe")) {
            boolean onlyQos = mqtt.propertyNames().stream().allMatch("qos"::equals);
            if (onlyQos) {
                fail(path, "no publish and no subscribe", "at least one of publish, subscribe");
            }
            ok = false; // otherwise a misspelt key, which the schema reports with a suggestion
            return Optional.empty();
        }
        List<String> publish = patterns.topics(path + ".publish", mqtt.get("publish"));
        List<String> subscribe = patterns.topics(path + ".subscribe", mqtt.get("subscribe"));
        Set<Integer> qos = new LinkedHashSet<>();
        mqtt.path("qos").forEach(q -> {
            if (q.isIntegralNumber() && q.canConvertToInt() && q.intValue() >= 0 && q.intValue() <= 2) {
                qos.add(q.intValue());
            } else {
                ok = false; // the schema names the levels
            }
        });
        if (!patterns.ok() || !ok) {
            ok = false;
            return Optional.empty();
        }
        return Optional.of(new MqttClause(publish, subscribe, qos));
    }

    private Optional<PathClause> paths(String path, JsonNode clause, boolean coap) {
        if (!isObject(clause)) {
            return Optional.empty();
        }
        Set<String> methods = new LinkedHashSet<>();
        JsonNode written = clause.path("methods");
        for (int i = 0; i < written.size(); i++) {
            PolicyFile.text(written.get(i)).ifPresent(methods::add);
        }
        List<String> paths = patterns.paths(path + ".paths", clause.get("paths"));
        if (coap && methods.stream().anyMatch(m -> !COAP_METHODS.contains(m))) {
            ok = false; // the schema names the allowed methods
            return Optional.empty();
        }
        if (paths.isEmpty() || !patterns.ok()) {
            ok = false;
            return Optional.empty();
        }
        return Optional.of(new PathClause(methods, paths));
    }

    private Optional<UpdatesClause> updates(String path, JsonNode updates) {
        if (!isObject(updates)) {
            return Optional.empty();
        }
        List<String> channels = new ArrayList<>();
        updates.path("channels").forEach(c -> PolicyFile.text(c).ifPresent(channels::add));
        try {
            return channels.isEmpty() ? Optional.empty() : Optional.of(new UpdatesClause(Set.copyOf(channels)));
        } catch (IllegalArgumentException e) {
            ok = false; // the schema names the allowed characters
            return Optional.empty();
        }
    }

    private Set<EstOperation> est(JsonNode est) {
        Set<EstOperation> operations = EnumSet.noneOf(EstOperation.class);
        if (est != null && !est.isArray()) {
            ok = false; // a wrong type: the schema reports it
        } else if (est != null) {
            est.forEach(op -> PolicyFile.text(op).ifPresent(text -> {
                try {
                    operations.add(EstOperation.parse(text));
                } catch (IllegalArgumentException e) {
                    ok = false; // the schema names the operations
                }
            }));
        }
        return operations;
    }

    /** Whether a clause is a mapping; a clause of the wrong type (the schema reports it) fails the rule. */
    private boolean isObject(JsonNode clause) {
        if (clause != null && !clause.isObject()) {
            ok = false;
        }
        return clause != null && clause.isObject();
    }

    private void fail(String path, String value, String expected) {
        file.report(path, value, expected);
        ok = false;
    }
}
