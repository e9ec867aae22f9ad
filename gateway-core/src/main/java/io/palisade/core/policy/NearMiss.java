package io.palisade.core.policy;

import static java.util.Objects.requireNonNull;

/**
 * A rule that covers the kind of request asked but did not take part in the decision, and why:
 * its pattern, method, port or QoS did not fit; a variable could not be filled for the device;
 * or it would have matched but its policy does not apply to the device (selector, quarantine).
 *
 * @param rule the rule
 * @param why  one line for admins
 */
public record NearMiss(RuleRef rule, String why) {
    public NearMiss {
        requireNonNull(rule, "rule");
        requireNonNull(why, "why");
    }

    @Override
    public String toString() {
        return rule + ": " + why;
    }
}
