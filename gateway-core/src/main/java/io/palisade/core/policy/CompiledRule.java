package io.palisade.core.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.palisade.core.policy.model.Action;
import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.EstOperation;
import io.palisade.core.policy.model.Mode;
import io.palisade.core.policy.model.PathClause;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Template;
import io.palisade.core.policy.model.UpdatesClause;

/** A rule with its patterns parsed and its policy's vars bound, shared by every device. */
final class CompiledRule {

    /** An egress target with its host pattern parsed. */
    record Target(Optional<Template> host, EgressTarget target) {}

    /** A CoAP or HTTP clause with its paths parsed. */
    record Paths(Set<String> methods, List<Template> patterns) {}

    final RuleRef ref;
    final boolean deny;
    final boolean enforced;
    final List<Template> publish = new ArrayList<>();
    final List<Template> subscribe = new ArrayList<>();
    final int qosMask;
    final List<Target> targets = new ArrayList<>();
    final Optional<Paths> coap;
    final Optional<Paths> http;
    final Set<String> channels;
    final Set<EstOperation> est;
    final Set<Request.Kind> kinds = EnumSet.noneOf(Request.Kind.class);
    final List<Template> templates = new ArrayList<>();
    final boolean usesDeviceVars;
    /** The decision when this enforced allow rule is the only rule that matched. */
    final Decision allowAlone;

    CompiledRule(Policy policy, Rule rule, long generation) {
        ref = new RuleRef(policy.name(), rule.name(), rule.action(), policy.mode(), rule.source());
        deny = rule.action() == Action.DENY;
        enforced = policy.mode() == Mode.ENFORCE;
        int mask = 0;
        if (rule.mqtt().isPresent()) {
            rule.mqtt().get().publish().forEach(f -> publish.add(bound(policy, Template.Kind.TOPIC, f)));
            rule.mqtt().get().subscribe().forEach(f -> subscribe.add(bound(policy, Template.Kind.TOPIC, f)));
            for (int q : rule.mqtt().get().qos()) {
                mask |= 1 << q;
            }
        }
        qosMask = mask == 0 ? 0b111 : mask;
        for (EgressTarget t : rule.to()) {
            targets.add(new Target(t.host().map(h -> bound(policy, Template.Kind.HOST, h)), t));
        }
        coap = rule.coap().map(c -> paths(policy, c));
        http = rule.http().map(c -> paths(policy, c));
        channels = rule.updates().map(UpdatesClause::channels).orElse(Set.of());
        est = rule.est();
        addKinds();
        templates.addAll(publish);
        templates.addAll(subscribe);
        targets.forEach(t -> t.host().ifPresent(templates::add));
        coap.ifPresent(p -> templates.addAll(p.patterns()));
        http.ifPresent(p -> templates.addAll(p.patterns()));
        usesDeviceVars = templates.stream().anyMatch(t -> !t.variables().isEmpty());
        allowAlone = new Decision(Outcome.ALLOW, Optional.of(ref), List.of(ref), "allowed by " + ref, generation);
    }

    private void addKinds() {
        if (!publish.isEmpty()) {
            kinds.add(Request.Kind.MQTT_PUBLISH);
        }
        if (!subscribe.isEmpty()) {
            kinds.add(Request.Kind.MQTT_SUBSCRIBE);
        }
        if (!targets.isEmpty()) {
            kinds.add(Request.Kind.CONNECT);
        }
        coap.ifPresent(p -> kinds.add(Request.Kind.COAP));
        http.ifPresent(p -> kinds.add(Request.Kind.HTTP));
        if (!channels.isEmpty()) {
            kinds.add(Request.Kind.UPDATE);
        }
        if (!est.isEmpty()) {
            kinds.add(Request.Kind.EST);
        }
    }

    private static Paths paths(Policy policy, PathClause clause) {
        List<Template> patterns = new ArrayList<>();
        clause.paths().forEach(p -> patterns.add(bound(policy, Template.Kind.PATH, p)));
        return new Paths(clause.methods(), List.copyOf(patterns));
    }

    private static Template bound(Policy policy, Template.Kind kind, String text) {
        return Template.parse(kind, text).bind(policy.vars());
    }

    /** Whether the QoS level {@code qos} is covered. */
    boolean coversQos(int qos) {
        return (qosMask & (1 << qos)) != 0;
    }

    /** The first pattern that cannot be expanded for the device, with why, or null. */
    String unusable(DeviceVars vars) {
        if (!usesDeviceVars) {
            return null;
        }
        for (Template t : templates) {
            String problem = Expander.problem(t, vars);
            if (problem != null) {
                return t + ": " + problem;
            }
        }
        return null;
    }
}
