package io.palisade.core.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.palisade.core.policy.match.HostNames;
import io.palisade.core.policy.match.PathPatterns;
import io.palisade.core.policy.match.TopicFilters;
import io.palisade.core.policy.match.TopicTrie;
import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.EstOperation;
import io.palisade.core.policy.model.Limits;

/**
 * One device's share of one policy generation: the policies that apply to it, their patterns
 * expanded with its variables and indexed, its limits, and its default decision. Built once per
 * device and generation ({@link DeviceViewBuilder}), cached, and read by any number of threads.
 */
final class DeviceView {

    record Filter(String[] levels, CompiledRule rule) {}

    record HostHit(CompiledRule rule, EgressTarget target) {}

    record CidrRule(CompiledRule rule, List<EgressTarget> targets) {}

    record PathEntry(String[] pattern, CompiledRule.Paths clause, CompiledRule rule) {}

    final DeviceContext context;
    final long generation;
    final long validUntilMillis;
    final boolean hasEnforced;
    final List<CompiledPolicy> applicable;
    final Optional<String> quarantine;
    final Limits limits;
    final Decision defaultDecision;

    final TopicTrie<CompiledRule> publish = new TopicTrie<>();
    final List<Filter> subscribe = new ArrayList<>();
    final Map<String, List<HostHit>> exactHosts = new HashMap<>();
    final Map<String, List<HostHit>> wildcardHosts = new HashMap<>();
    final List<CidrRule> cidrRules = new ArrayList<>();
    final List<PathEntry> coap = new ArrayList<>();
    final List<PathEntry> http = new ArrayList<>();
    final Map<String, List<CompiledRule>> updates = new HashMap<>();
    final Map<EstOperation, List<CompiledRule>> est = new EnumMap<>(EstOperation.class);
    final Map<Request.Kind, List<CompiledRule>> failClosed = new EnumMap<>(Request.Kind.class);

    DeviceView(DeviceContext context, long generation, long validUntilMillis, List<CompiledPolicy> applicable,
               Optional<String> quarantine, Limits limits, Decision defaultDecision) {
        this.context = context;
        this.generation = generation;
        this.validUntilMillis = validUntilMillis;
        this.applicable = List.copyOf(applicable);
        this.hasEnforced = applicable.stream().anyMatch(p -> p.enforced);
        this.quarantine = quarantine;
        this.limits = limits;
        this.defaultDecision = defaultDecision;
    }

    Decision decide(Request request) {
        String malformed = Requests.malformed(request);
        if (malformed != null) {
            return new Decision(Outcome.DENY, Optional.empty(), List.of(), "malformed request: " + malformed, generation);
        }
        Hits hits = new Hits();
        List<CompiledRule> closed = failClosed.isEmpty() ? null : failClosed.get(request.kind());
        if (closed != null) {
            closed.forEach(hits::add);
        }
        if (request instanceof Request.MqttPublish p) {
            hits.qos = p.qos();
            publish.match(p.topic(), hits);
        } else if (request instanceof Request.MqttSubscribe s) {
            subscribe(s, hits);
        } else if (request instanceof Request.Connect c) {
            connect(c, hits);
        } else if (request instanceof Request.CoapRequest c) {
            paths(coap, c.method(), c.path(), hits);
        } else if (request instanceof Request.HttpRequest h) {
            paths(http, h.method(), h.path(), hits);
        } else if (request instanceof Request.UpdateRequest u) {
            updates.getOrDefault(u.channel(), List.of()).forEach(hits::add);
        } else if (request instanceof Request.EstRequest e) {
            est.getOrDefault(e.operation(), List.of()).forEach(hits::add);
        }
        return hits.decide(this);
    }

    private void subscribe(Request.MqttSubscribe s, Hits hits) {
        String[] filter = TopicFilters.levels(s.filter());
        for (Filter f : subscribe) {
            if (f.rule().coversQos(s.qos()) && (f.rule().deny ? TopicFilters.overlaps(f.levels(), filter)
                    : TopicFilters.contains(f.levels(), filter))) {
                hits.add(f.rule());
            }
        }
    }

    private void connect(Request.Connect c, Hits hits) {
        Optional<InetAddress> literal = HostNames.ipLiteral(c.host());
        if (literal.isEmpty()) {
            String name = HostNames.normalize(c.host()).orElseThrow();
            hosts(exactHosts.get(name), c, hits);
            HostNames.parentOf(name).ifPresent(parent -> hosts(wildcardHosts.get(parent), c, hits));
        }
        List<InetAddress> addresses = literal.map(List::of).orElseGet(() -> c.resolved().orElse(List.of()));
        for (CidrRule cr : cidrRules) {
            if (Egress.cidrMatch(cr.rule().deny, cr.targets(), addresses, c.port(), c.transport())) {
                hits.add(cr.rule());
            }
        }
    }

    private static void hosts(List<HostHit> entries, Request.Connect c, Hits hits) {
        if (entries != null) {
            for (HostHit h : entries) {
                if (h.target().coversPort(c.port(), c.transport())) {
                    hits.add(h.rule());
                }
            }
        }
    }

    private static void paths(List<PathEntry> entries, String method, List<String> path, Hits hits) {
        for (PathEntry e : entries) {
            if ((e.clause().methods().isEmpty() || e.clause().methods().contains(method))
                    && PathPatterns.matches(e.pattern(), path)) {
                hits.add(e.rule());
            }
        }
    }
}
