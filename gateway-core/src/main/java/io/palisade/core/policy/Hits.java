package io.palisade.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.palisade.core.policy.match.TopicTrie;

/**
 * The rules that matched one request, and the decision they make together: deny overrides
 * allow, no match is deny, and audited policies relax only what they alone would deny (see
 * {@link io.palisade.core.policy.model.Mode}). One per decision; not shared between threads.
 */
final class Hits implements TopicTrie.Visitor<CompiledRule> {

    /** The QoS of the publish being judged, for {@link #visit}. */
    int qos;

    private CompiledRule enforceDeny;
    private CompiledRule enforceAllow;
    private CompiledRule auditDeny;
    private CompiledRule auditAllow;
    private CompiledRule only;
    private List<CompiledRule> all;

    /** Adds a rule whose topic filter matched, if it covers {@link #qos}. */
    @Override
    public void visit(CompiledRule r) {
        if (r.coversQos(qos)) {
            add(r);
        }
    }

    void add(CompiledRule r) {
        if (only == null) {
            only = r;
        } else if (only == r || (all != null && all.contains(r))) {
            return;
        } else {
            if (all == null) {
                all = new ArrayList<>(4);
                all.add(only);
            }
            all.add(r);
        }
        if (r.deny) {
            if (r.enforced && enforceDeny == null) {
                enforceDeny = r;
            } else if (!r.enforced && auditDeny == null) {
                auditDeny = r;
            }
        } else if (r.enforced && enforceAllow == null) {
            enforceAllow = r;
        } else if (!r.enforced && auditAllow == null) {
            auditAllow = r;
        }
    }

    /** The decision for the device whose view collected these hits. */
    Decision decide(DeviceView view) {
        if (only == null) {
            return view.defaultDecision;
        }
        if (all == null && enforceAllow != null) {
            return enforceAllow.allowAlone;
        }
        long g = view.generation;
        List<RuleRef> matched = matched();
        if (enforceDeny != null) {
            return new Decision(Outcome.DENY, Optional.of(enforceDeny.ref), matched, "denied by " + enforceDeny.ref, g);
        }
        if (enforceAllow != null) {
            return auditDeny == null
                    ? new Decision(Outcome.ALLOW, Optional.of(enforceAllow.ref), matched, "allowed by " + enforceAllow.ref, g)
                    : new Decision(Outcome.AUDIT, Optional.of(auditDeny.ref), matched, "allowed by " + enforceAllow.ref
                            + "; audited " + auditDeny.ref + " would deny it", g);
        }
        if (view.hasEnforced) {
            return new Decision(Outcome.DENY, Optional.empty(), matched, view.defaultDecision.reason()
                    + (auditAllow != null ? " (audited " + auditAllow.ref + " would allow it)" : ""), g);
        }
        if (auditDeny != null) {
            return new Decision(Outcome.AUDIT, Optional.of(auditDeny.ref), matched,
                    "audit mode: " + auditDeny.ref + " would deny it", g);
        }
        if (auditAllow != null) {
            return new Decision(Outcome.ALLOW, Optional.of(auditAllow.ref), matched,
                    "allowed by " + auditAllow.ref + " (audit mode)", g);
        }
        return view.defaultDecision;
    }

    private List<RuleRef> matched() {
        List<CompiledRule> rules = all != null ? all : List.of(only);
        List<RuleRef> out = new ArrayList<>(rules.size());
        for (CompiledRule r : rules) {
            if (r.deny) {
                out.add(r.ref);
            }
        }
        for (CompiledRule r : rules) {
            if (!r.deny) {
                out.add(r.ref);
            }
        }
        return out;
    }
}
