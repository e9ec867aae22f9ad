package io.palisade.core.policy;

/** The outcome of a decision. */
public enum Outcome {
    /** Allowed by an allow rule and no deny rule matched. */
    ALLOW,
    /** Denied, by a deny rule or by default. */
    DENY,
    /** Allowed because the policy that would deny it is in audit mode: log and count it. */
    AUDIT;

    /** Whether the request may proceed ({@link #ALLOW} or {@link #AUDIT}). */
    public boolean allowed() {
        return this != DENY;
    }
}
