package io.palisade.core.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.palisade.core.policy.match.HostNames;
import io.palisade.core.policy.match.PathPatterns;
import io.palisade.core.policy.match.TopicFilters;
import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.Template;

/**
 * Judges one rule against one request for one device, directly and slowly, and says why it does
 * not match. {@code explain} uses it for near misses; tests use it as the reference that the
 * indexed {@link DeviceView} must agree with.
 */
final class RuleMatcher {

    private RuleMatcher() {
    }

    /** Null when {@code rule} matches {@code request} for the device, else why not. */
    static String mismatch(CompiledRule rule, DeviceVars vars, Request request) {
        if (!rule.kinds.contains(request.kind())) {
            return "no " + request.kind() + " clause";
        }
        String unusable = rule.unusable(vars);
        if (unusable != null) {
            return rule.deny ? null : "rule unusable for this device: " + unusable;
        }
        if (request instanceof Request.MqttPublish p) {
            return topics(rule.publish, vars, p.topic(), false, rule.deny, p.qos(), rule);
        }
        if (request instanceof Request.MqttSubscribe s) {
            return topics(rule.subscribe, vars, s.filter(), true, rule.deny, s.qos(), rule);
        }
        if (request instanceof Request.Connect c) {
            return connect(rule, vars, c);
        }
        if (request instanceof Request.CoapRequest c) {
            return paths(rule.coap.orElseThrow(), vars, c.method(), c.path());
        }
        if (request instanceof Request.HttpRequest h) {
            return paths(rule.http.orElseThrow(), vars, h.method(), h.path());
        }
        if (request instanceof Request.UpdateRequest u) {
            return rule.channels.contains(u.channel()) ? null : "channel " + u.channel() + " not in " + rule.channels;
        }
        Request.EstRequest e = (Request.EstRequest) request;
        return rule.est.contains(e.operation()) ? null : e.operation().yamlName() + " not in " + rule.est;
    }

    private static String topics(List<Template> patterns, DeviceVars vars, String topic, boolean subscribe,
                                 boolean deny, int qos, CompiledRule rule) {
        String[] asked = TopicFilters.levels(topic);
        List<String> expanded = new ArrayList<>();
        boolean hit = false;
        for (Template t : patterns) {
            String[] f = Expander.expand(t, vars);
            expanded.add(String.join("/", f));
            hit |= subscribe && deny ? TopicFilters.overlaps(f, asked) : TopicFilters.contains(f, asked);
        }
        if (!hit) {
            return (subscribe ? (deny ? "filter " + topic + " overlaps none of " : "filter " + topic + " is not within any of ")
                    : "topic " + topic + " matches none of ") + expanded;
        }
        return rule.coversQos(qos) ? null : "qos " + qos + " not covered by the rule";
    }

    private static String connect(CompiledRule rule, DeviceVars vars, Request.Connect c) {
        Optional<InetAddress> literal = HostNames.ipLiteral(c.host());
        Optional<String> name = literal.isPresent() ? Optional.empty() : HostNames.normalize(c.host());
        List<EgressTarget> cidrs = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (CompiledRule.Target t : rule.targets) {
            if (t.host().isEmpty()) {
                cidrs.add(t.target());
                continue;
            }
            String pattern = Expander.host(Expander.expand(t.host().get(), vars));
            hosts.add(pattern);
            if (name.isPresent() && HostNames.matches(pattern, name.get())) {
                if (t.target().coversPort(c.port(), c.transport())) {
                    return null;
                }
                hosts.add("(port " + c.port() + "/" + c.transport().yamlName() + " not in " + t.target() + ")");
            }
        }
        List<InetAddress> addresses = literal.map(List::of).orElseGet(() -> c.resolved().orElse(List.of()));
        if (!cidrs.isEmpty() && Egress.cidrMatch(rule.deny, cidrs, addresses, c.port(), c.transport())) {
            return null;
        }
        return "neither hosts " + hosts + " nor ranges " + cidrs + " cover " + c;
    }

    private static String paths(CompiledRule.Paths clause, DeviceVars vars, String method, List<String> path) {
        if (!clause.methods().isEmpty() && !clause.methods().contains(method)) {
            return "method " + method + " not in " + clause.methods();
        }
        List<String> expanded = new ArrayList<>();
        for (Template t : clause.patterns()) {
            String[] p = Expander.expand(t, vars);
            if (PathPatterns.matches(p, path)) {
                return null;
            }
            expanded.add("/" + String.join("/", p));
        }
        return "path /" + String.join("/", path) + " matches none of " + expanded;
    }
}
