package io.palisade.config.policy.cases;

import static java.util.Objects.requireNonNull;

import io.palisade.core.policy.Decision;
import java.util.Locale;

/**
 * The outcome of one test case: the decision the engine made and whether it was the one expected.
 *
 * @param testCase the case
 * @param decision what the engine decided
 */
public record PolicyTestResult(PolicyTestCase testCase, Decision decision) {

    public PolicyTestResult {
        requireNonNull(testCase, "testCase");
        requireNonNull(decision, "decision");
    }

    /** Whether the decision is the one the case expects. */
    public boolean passed() {
        return testCase.expect().isMetBy(decision);
    }

    /**
     * One line for the admin, {@code file:line:col: NAME: expected allow by thermostats/telemetry-up,
     * got deny by default (reason)} for a failure, {@code … : ok} for a pass.
     */
    @Override
    public String toString() {
        String where = testCase.source() + ": " + testCase.name() + ": ";
        if (passed()) {
            return where + "ok (" + outcome() + " by " + decision.ruleName() + ")";
        }
        return where + "expected " + testCase.expect() + ", got " + outcome() + " by " + decision.ruleName()
                + " (" + decision.reason() + ")";
    }

    private String outcome() {
        return decision.outcome().name().toLowerCase(Locale.ROOT);
    }
}
