package io.palisade.core.enrollment;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * A challenge the gateway issues to a device before it attests: {@value NonceIssuer#NONCE_BYTES}
 * random bytes, good once, until {@code expiresAt}. The device signs it together with its
 * measured firmware digest ({@link AttestationEvidence}), which proves the evidence is fresh.
 */
public record Nonce(byte[] value, Instant expiresAt) {

    public Nonce {
        requireNonNull(value, "value");
        requireNonNull(expiresAt, "expiresAt");
        if (value.length != NonceIssuer.NONCE_BYTES) {
            throw new IllegalArgumentException("nonce: " + value.length + " bytes (expected: " + NonceIssuer.NONCE_BYTES + ")");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The value in base64url without padding, as the relay hands it out. */
    public String text() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Nonce n && Arrays.equals(value, n.value) && expiresAt.equals(n.expiresAt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value) * 31 + expiresAt.hashCode();
    }

    @Override
    public String toString() {
        return "Nonce[" + text() + " until " + expiresAt + "]";
    }
}
