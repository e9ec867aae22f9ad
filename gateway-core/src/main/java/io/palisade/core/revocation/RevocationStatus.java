package io.palisade.core.revocation;

import static java.util.Objects.requireNonNull;

/**
 * What a {@link RevocationPolicy} concluded about a certification path, with a detail for the
 * audit log. {@link State#UNAVAILABLE} is only returned when the policy denies in that case.
 */
public record RevocationStatus(State state, String detail) {

    /** The three answers revocation checking can give. */
    public enum State {
        /** No usable CRL lists any certificate of the path (or no CRL covers it). */
        GOOD,
        /** A usable CRL lists a certificate of the path. */
        REVOKED,
        /** A CRL covers a certificate of the path but none is usable, and the policy denies then. */
        UNAVAILABLE
    }

    public RevocationStatus {
        requireNonNull(state, "state");
        requireNonNull(detail, "detail");
    }

    static RevocationStatus good(String detail) {
        return new RevocationStatus(State.GOOD, detail);
    }

    public boolean isGood() {
        return state == State.GOOD;
    }
}
