package io.palisade.core.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.palisade.core.policy.model.RegistryEntry;

/**
 * Finds the rules that nearly matched a request, for {@code explain}: rules of the applicable
 * policies that cover the request's kind but did not match (with why), and rules that would have
 * matched but whose policy does not apply to the device (selector, quarantine).
 */
final class NearMisses {

    private NearMisses() {
    }

    static List<NearMiss> of(List<CompiledPolicy> policies, DeviceView view, DeviceVars vars, Request request,
                             Decision decision) {
        Set<RuleRef> matched = new HashSet<>(decision.matched());
        List<NearMiss> applicable = new ArrayList<>();
        List<NearMiss> elsewhere = new ArrayList<>();
        RegistryEntry entry = vars.entry();
        for (CompiledPolicy p : policies) {
            boolean applies = view.applicable.contains(p);
            for (CompiledRule r : p.rules) {
                if (!r.kinds.contains(request.kind()) || matched.contains(r.ref)) {
                    continue;
                }
                String why = RuleMatcher.mismatch(r, vars, request);
                if (applies) {
                    if (why != null) {
                        applicable.add(new NearMiss(r.ref, why));
                    }
                } else if (why == null) {
                    elsewhere.add(new NearMiss(r.ref, "would match, but the policy does not apply: " + notApplied(p, view, entry)));
                }
            }
        }
        applicable.addAll(elsewhere);
        return applicable;
    }

    private static String notApplied(CompiledPolicy p, DeviceView view, RegistryEntry entry) {
        String selector = p.selectorMismatch(view.context, entry);
        if (selector != null) {
            return "selector: " + selector;
        }
        if (view.quarantine.isPresent()) {
            return "device quarantined (" + view.quarantine.get() + ")";
        }
        return p.policy.quarantine() ? "a quarantine policy, and the device is not quarantined" : "not applicable";
    }
}
