package io.palisade.core.identity;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The measured digest of the firmware a device runs, as attested at certificate issuance.
 * Written {@code sha256:<64 hex>} in policy files and logs.
 */
public record FirmwareDigest(byte[] sha256) {

    private static final String PREFIX = "sha256:";

    public FirmwareDigest {
        requireNonNull(sha256, "sha256");
        if (sha256.length != 32) {
            throw new IllegalArgumentException("firmware digest: " + sha256.length + " bytes (expected: 32, SHA-256)");
        }
        sha256 = sha256.clone();
    }

    /** Parses {@code sha256:<64 hex>}. */
    public static FirmwareDigest parse(String text) {
        requireNonNull(text, "text");
        if (!text.startsWith(PREFIX) || text.length() != PREFIX.length() + 64
                || !text.substring(PREFIX.length()).matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("firmware digest: " + text + " (expected: sha256:<64 hex characters>)");
        }
        return new FirmwareDigest(HexFormat.of().parseHex(text.substring(PREFIX.length())));
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FirmwareDigest other && Arrays.equals(sha256, other.sha256);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return PREFIX + HexFormat.of().formatHex(sha256);
    }
}
