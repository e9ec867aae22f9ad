package io.palisade.core.identity;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A device's identity: the lowercase hex SHA-256 of the DER SubjectPublicKeyInfo of its key
 * (64 characters). The identity is bound to the key, not to a name: whoever holds the key is the
 * device, and a certificate whose subject CN differs from this value is not that device's.
 */
public record DeviceId(String value) implements Comparable<DeviceId> {

    private static final Pattern FORM = Pattern.compile("[0-9a-f]{64}");

    public DeviceId {
        requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "device id: " + value + " (expected: 64 lowercase hex characters)");
        }
    }

    /** The id of the device holding the private half of {@code key}. */
    public static DeviceId of(PublicKey key) {
        requireNonNull(key, "key");
        byte[] spki = key.getEncoded();
        if (spki == null || !"X.509".equals(key.getFormat())) {
            throw new IllegalArgumentException(
                    "key: " + key.getAlgorithm() + " (expected: a key encodable as SubjectPublicKeyInfo)");
        }
        return ofSubjectPublicKeyInfo(spki);
    }

    /** The id for a DER-encoded SubjectPublicKeyInfo. */
    public static DeviceId ofSubjectPublicKeyInfo(byte[] derSpki) {
        requireNonNull(derSpki, "derSpki");
        try {
            return new DeviceId(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(derSpki)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Parses a device id as written by operators and in certificates (lowercase hex only). */
    public static DeviceId parse(String text) {
        return new DeviceId(text);
    }

    /** Whether {@code text} is a well-formed device id. */
    public static boolean isValid(String text) {
        return text != null && FORM.matcher(text).matches();
    }

    @Override
    public int compareTo(DeviceId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
