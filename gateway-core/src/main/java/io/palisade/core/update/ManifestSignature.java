package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Base64;

/**
 * One vendor signature on a manifest body: which key made it (its {@link VendorKeys#keyId key id})
 * and with which algorithm. A manifest may carry several (a vendor rotating its key signs with
 * the old and the new key for a while).
 *
 * @param keyId     lowercase hex SHA-256 of the signing key's DER SubjectPublicKeyInfo
 * @param algorithm the signature algorithm
 * @param value     the signature: DER ECDSA-Sig-Value for ECDSA, 64 bytes for Ed25519
 */
public record ManifestSignature(String keyId, SignatureAlgorithm algorithm, byte[] value) {

    /** Largest signature value accepted (a DER P-256 ECDSA signature is at most 72 bytes). */
    static final int MAX_VALUE_BYTES = 256;

    public ManifestSignature {
        requireNonNull(keyId, "keyId");
        requireNonNull(algorithm, "algorithm");
        requireNonNull(value, "value");
        if (!ImageDigest.isValidHex(keyId)) {
            throw new IllegalArgumentException("key id: " + keyId + " (expected: 64 lowercase hex characters)");
        }
        if (value.length == 0 || value.length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("signature: " + value.length + " bytes (expected: 1.." + MAX_VALUE_BYTES + ")");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The signature line: {@code signature <key id> <algorithm> <base64>}. */
    String line() {
        return "signature " + keyId + " " + algorithm.token() + " " + Base64.getEncoder().encodeToString(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManifestSignature s && keyId.equals(s.keyId) && algorithm == s.algorithm
                && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "ManifestSignature[" + keyId + " " + algorithm.token() + "]";
    }
}
