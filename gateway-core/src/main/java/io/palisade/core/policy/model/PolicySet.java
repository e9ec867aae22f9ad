package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the policy engine compiles at once: every policy of the policy directory and the
 * site registry. A set is what a reload replaces as a whole; the store numbers each set it
 * swaps in (its generation), so the set itself carries no number.
 *
 * @param policies the policies, order irrelevant, names unique
 * @param registry the site registry
 */
public record PolicySet(List<Policy> policies, DeviceRegistry registry) {

    public PolicySet {
        policies = List.copyOf(requireNonNull(policies, "policies"));
        requireNonNull(registry, "registry");
        Map<String, Policy> byName = new HashMap<>();
        for (Policy p : policies) {
            Policy before = byName.putIfAbsent(p.name(), p);
            if (before != null) {
                throw new IllegalArgumentException("policy " + p.name() + " at " + p.source()
                        + " (expected: a name not already used at " + before.source() + ")");
            }
        }
    }

    /** The policies with an empty registry. */
    public static PolicySet of(Policy... policies) {
        return new PolicySet(List.of(policies), DeviceRegistry.EMPTY);
    }
}
