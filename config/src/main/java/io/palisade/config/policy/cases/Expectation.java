package io.palisade.config.policy.cases;

import static java.util.Objects.requireNonNull;

import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Outcome;
import java.util.Locale;
import java.util.Optional;

/**
 * What a test case expects: the outcome and, optionally, the deciding rule, written
 * {@code policy/rule}, a rule name alone (any policy), or {@code default} for the default deny.
 *
 * @param outcome the expected outcome
 * @param rule the expected deciding rule, if the case names one
 */
public record Expectation(Outcome outcome, Optional<String> rule) {

    public Expectation {
        requireNonNull(outcome, "outcome");
        requireNonNull(rule, "rule");
    }

    /** Whether {@code decision} is what this expects. */
    public boolean isMetBy(Decision decision) {
        requireNonNull(decision, "decision");
        if (decision.outcome() != outcome) {
            return false;
        }
        return rule.map(expected -> expected.contains("/") || expected.equals(Decision.DEFAULT_RULE)
                ? expected.equals(decision.ruleName())
                : decision.rule().filter(r -> r.rule().equals(expected)).isPresent()).orElse(true);
    }

    /** {@code allow by thermostats/telemetry-up}, or {@code deny} when no rule is named. */
    @Override
    public String toString() {
        return outcome.name().toLowerCase(Locale.ROOT) + rule.map(r -> " by " + r).orElse("");
    }
}
