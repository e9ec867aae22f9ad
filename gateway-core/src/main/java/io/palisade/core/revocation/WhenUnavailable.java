package io.palisade.core.revocation;

/**
 * What to do with a certificate whose revocation status cannot be established: its issuer
 * publishes CRLs, but none of them is usable now (stale past nextUpdate, badly signed, signed by a
 * key without cRLSign, ...).
 */
public enum WhenUnavailable {
    /** Refuse the device: fail closed (the default). */
    DENY,
    /** Accept the device as if not revoked; the audit detail still says the status was unknown. */
    ALLOW
}
