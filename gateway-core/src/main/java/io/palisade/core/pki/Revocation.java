package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.security.cert.CRLReason;
import java.time.Instant;

/** One revoked certificate, by serial number, as listed in the CRL: why and since when. */
public record Revocation(BigInteger serial, CRLReason reason, Instant revokedAt) {

    public Revocation {
        requireNonNull(serial, "serial");
        requireNonNull(reason, "reason");
        requireNonNull(revokedAt, "revokedAt");
        if (serial.signum() <= 0) {
            throw new IllegalArgumentException("serial: " + serial + " (expected: > 0)");
        }
        if (reason == CRLReason.UNUSED || reason == CRLReason.REMOVE_FROM_CRL) {
            throw new IllegalArgumentException("reason: " + reason + " (expected: a reason a certificate is revoked for)");
        }
    }
}
