package io.palisade.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.palisade.core.policy.CompiledRule.Target;
import io.palisade.core.policy.model.DeviceRegistry;
import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.Limits;
import io.palisade.core.policy.model.RegistryEntry;

/**
 * Builds a device's {@link DeviceView}: selects the policies (selector, then requirements and
 * quarantine), expands their rules with the device's variables ({@link Expander}) and indexes them.
 */
final class DeviceViewBuilder {

    private final List<CompiledPolicy> policies;
    private final DeviceRegistry registry;
    private final long generation;

    DeviceViewBuilder(List<CompiledPolicy> policies, DeviceRegistry registry, long generation) {
        this.policies = policies;
        this.registry = registry;
        this.generation = generation;
    }

    DeviceView build(DeviceContext device, long nowMillis) {
        RegistryEntry entry = registry.entry(device.id());
        List<CompiledPolicy> selected = new ArrayList<>();
        long validUntil = Long.MAX_VALUE;
        String quarantine = null;
        for (CompiledPolicy p : policies) {
            if (!p.selects(device, entry)) {
                continue;
            }
            selected.add(p);
            long fresh = p.freshUntil(device, nowMillis);
            if (fresh == Long.MIN_VALUE) {
                if (quarantine == null) {
                    quarantine = "policy " + p.policy.name() + " requires an attestation within "
                            + p.policy.require().attestedWithin().orElseThrow() + ", device "
                            + device.attestedAt().map(a -> "attested at " + a).orElse("has no attestation");
                }
            } else {
                validUntil = Math.min(validUntil, fresh);
            }
        }
        boolean quarantined = quarantine != null;
        List<CompiledPolicy> applicable = new ArrayList<>();
        Limits limits = Limits.NONE;
        for (CompiledPolicy p : selected) {
            if (p.policy.quarantine() == quarantined) {
                applicable.add(p);
                if (p.enforced) {
                    limits = limits.mostRestrictive(p.policy.limits());
                }
            }
        }
        DeviceView view = new DeviceView(device, generation, quarantined ? Long.MAX_VALUE : validUntil, applicable,
                Optional.ofNullable(quarantine), limits, defaultDecision(applicable, quarantine));
        DeviceVars vars = new DeviceVars(device, entry);
        for (CompiledPolicy p : applicable) {
            for (CompiledRule r : p.rules) {
                index(view, r, vars);
            }
        }
        return view;
    }

    private Decision defaultDecision(List<CompiledPolicy> applicable, String quarantine) {
        String q = quarantine == null ? "" : "device quarantined (" + quarantine + "); ";
        if (applicable.isEmpty()) {
            return new Decision(Outcome.DENY, Optional.empty(), List.of(),
                    q + (quarantine == null ? "no policy applies to the device" : "no quarantine policy applies to it"), generation);
        }
        if (applicable.stream().anyMatch(p -> p.enforced)) {
            return new Decision(Outcome.DENY, Optional.empty(), List.of(), q + "no rule allows it", generation);
        }
        return new Decision(Outcome.AUDIT, Optional.empty(), List.of(), q + "audit mode: no rule allows it", generation);
    }

    private static void index(DeviceView view, CompiledRule r, DeviceVars vars) {
        if (r.unusable(vars) != null) {
            if (r.deny) {
                r.kinds.forEach(k -> view.failClosed.computeIfAbsent(k, x -> new ArrayList<>()).add(r));
            }
            return;
        }
        r.publish.forEach(t -> view.publish.add(Expander.expand(t, vars), r));
        r.subscribe.forEach(t -> view.subscribe.add(new DeviceView.Filter(Expander.expand(t, vars), r)));
        List<EgressTarget> cidrs = new ArrayList<>();
        for (Target t : r.targets) {
            if (t.host().isPresent()) {
                String host = Expander.host(Expander.expand(t.host().get(), vars));
                boolean wildcard = host.startsWith("*.");
                (wildcard ? view.wildcardHosts : view.exactHosts)
                        .computeIfAbsent(wildcard ? host.substring(2) : host, x -> new ArrayList<>())
                        .add(new DeviceView.HostHit(r, t.target()));
            } else {
                cidrs.add(t.target());
            }
        }
        if (!cidrs.isEmpty()) {
            view.cidrRules.add(new DeviceView.CidrRule(r, List.copyOf(cidrs)));
        }
        r.coap.ifPresent(c -> c.patterns().forEach(t -> view.coap.add(new DeviceView.PathEntry(Expander.expand(t, vars), c, r))));
        r.http.ifPresent(c -> c.patterns().forEach(t -> view.http.add(new DeviceView.PathEntry(Expander.expand(t, vars), c, r))));
        r.channels.forEach(c -> view.updates.computeIfAbsent(c, x -> new ArrayList<>()).add(r));
        r.est.forEach(op -> view.est.computeIfAbsent(op, x -> new ArrayList<>()).add(r));
    }
}
