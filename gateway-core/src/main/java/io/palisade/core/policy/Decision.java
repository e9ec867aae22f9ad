package io.palisade.core.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The engine's answer to one request, with everything an audit event or {@code explain} needs.
 *
 * @param outcome    allow, deny, or audit (allowed, but an audited policy would have denied it)
 * @param rule       the rule that decided; empty for the default deny (and for a malformed request)
 * @param matched    every rule that matched the request, deny rules first
 * @param reason     one line for admins: what decided and why
 * @param generation the policy generation that decided
 */
public record Decision(Outcome outcome, Optional<RuleRef> rule, List<RuleRef> matched, String reason, long generation) {

    /** What {@link #ruleName()} says for the default deny (policy test files: {@code rule: default}). */
    public static final String DEFAULT_RULE = "default";

    public Decision {
        requireNonNull(outcome, "outcome");
        requireNonNull(rule, "rule");
        matched = List.copyOf(requireNonNull(matched, "matched"));
        requireNonNull(reason, "reason");
    }

    /** Whether the request may proceed. */
    public boolean allowed() {
        return outcome.allowed();
    }

    /** The deciding rule's {@code policy/rule}, or {@value #DEFAULT_RULE}. */
    public String ruleName() {
        return rule.map(RuleRef::qualifiedName).orElse(DEFAULT_RULE);
    }

    @Override
    public String toString() {
        return outcome + " " + ruleName() + " (generation " + generation + "): " + reason;
    }
}
