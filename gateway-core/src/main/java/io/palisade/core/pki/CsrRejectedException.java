package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

/**
 * A PKCS#10 certificate request that Palisade will not sign. The {@link #reason()} is what a
 * protocol answers with (an EST server: 400 Bad Request); the message is the detail for logs.
 */
public final class CsrRejectedException extends Exception {

    /** Why a request was refused. */
    public enum Reason {
        /** Not a DER PKCS#10 request (or PEM around one): empty, truncated, garbage, trailing bytes. */
        MALFORMED,
        /** Well-formed, but the request is not signed by the key it carries (no proof of possession). */
        BAD_SIGNATURE,
        /** The key is not one Palisade certifies (devices: EC P-256 or P-384; nowhere RSA below 2048 bits). */
        UNSUPPORTED_KEY
    }

    private final Reason reason;

    public CsrRejectedException(Reason reason, String message) {
        super(requireNonNull(reason, "reason") + ": " + requireNonNull(message, "message"));
        this.reason = reason;
    }

    public CsrRejectedException(Reason reason, String message, Throwable cause) {
        super(requireNonNull(reason, "reason") + ": " + requireNonNull(message, "message"), cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
