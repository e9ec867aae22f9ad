package io.palisade.core.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

import io.palisade.core.policy.model.Limits;
import io.palisade.core.policy.model.RegistryEntry;

/**
 * The answer to "would this device be allowed to do this, and why": what {@code palisade policy
 * explain} prints and the admin listener returns.
 *
 * @param decision   the decision, with every rule that matched and the generation
 * @param device     the device as the certificate describes it
 * @param registry   what the registry of this generation says about it (groups, attributes)
 * @param policies   the names of the policies that apply to it
 * @param quarantine why the device is quarantined, if it is
 * @param limits     its limits (the most restrictive of the enforced policies)
 * @param nearMisses rules of the same kind that did not match, and why
 */
public record Explanation(Decision decision, DeviceContext device, RegistryEntry registry, List<String> policies,
                          Optional<String> quarantine, Limits limits, List<NearMiss> nearMisses) {

    public Explanation {
        requireNonNull(decision, "decision");
        requireNonNull(device, "device");
        requireNonNull(registry, "registry");
        policies = List.copyOf(requireNonNull(policies, "policies"));
        requireNonNull(quarantine, "quarantine");
        requireNonNull(limits, "limits");
        nearMisses = List.copyOf(requireNonNull(nearMisses, "nearMisses"));
    }

    /** A multi-line report for a terminal. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("decision: ").append(decision.outcome()).append(" by ").append(decision.ruleName())
                .append(" (policy generation ").append(decision.generation()).append(")\n");
        b.append("reason:   ").append(decision.reason()).append('\n');
        b.append("device:   ").append(device.id()).append(" tenant ").append(device.tenant())
                .append(" product ").append(device.product().orElse("(none)"))
                .append(" groups ").append(registry.groups()).append('\n');
        quarantine.ifPresent(q -> b.append("quarantined: ").append(q).append('\n'));
        b.append("policies: ").append(policies).append('\n');
        b.append("matched:\n");
        decision.matched().forEach(r -> b.append("  ").append(r.action().name().toLowerCase()).append(' ').append(r).append('\n'));
        b.append("nearly matched:\n");
        nearMisses.forEach(n -> b.append("  ").append(n).append('\n'));
        return b.toString();
    }
}
