package io.palisade.core.policy;

import static java.util.Objects.requireNonNull;

import io.palisade.core.policy.model.Action;
import io.palisade.core.policy.model.Mode;
import io.palisade.core.policy.model.SourceRef;

/**
 * A rule as decisions, audit events and metrics name it.
 *
 * @param policy the policy's name
 * @param rule   the rule's name
 * @param action what the rule does
 * @param mode   whether its policy is enforced or audited
 * @param source where the rule is written
 */
public record RuleRef(String policy, String rule, Action action, Mode mode, SourceRef source) {

    public RuleRef {
        requireNonNull(policy, "policy");
        requireNonNull(rule, "rule");
        requireNonNull(action, "action");
        requireNonNull(mode, "mode");
        requireNonNull(source, "source");
    }

    /** {@code policy/rule}, unique in a generation. */
    public String qualifiedName() {
        return policy + '/' + rule;
    }

    /** {@code policy/rule (file:line:column)}. */
    @Override
    public String toString() {
        return qualifiedName() + " (" + source + ")";
    }
}
