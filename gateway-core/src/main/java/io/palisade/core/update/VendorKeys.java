package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.palisade.core.identity.DeviceId;

/**
 * The vendor keys a gateway trusts to sign manifests (from its trust configuration), each known by
 * its key id: the lowercase hex SHA-256 of its DER SubjectPublicKeyInfo — what
 * {@code openssl pkey -pubin -outform DER | sha256sum} prints. Keys are ECDSA P-256 or Ed25519.
 */
public final class VendorKeys {

    private final Map<String, PublicKey> byId;

    private VendorKeys(Map<String, PublicKey> byId) {
        this.byId = Map.copyOf(byId);
    }

    /**
     * The keys {@code keys}, at least one.
     *
     * @throws IllegalArgumentException for a key that is neither EC P-256 nor Ed25519
     */
    public static VendorKeys of(Collection<PublicKey> keys) {
        requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("vendor keys: none (expected: at least one ECDSA P-256 or Ed25519 key)");
        }
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        for (PublicKey key : keys) {
            requireNonNull(key, "key");
            if (SignatureAlgorithm.of(key).isEmpty()) {
                throw new IllegalArgumentException("vendor key: " + key.getAlgorithm() + " (expected: ECDSA P-256 or Ed25519)");
            }
            byId.put(keyId(key), key);
        }
        return new VendorKeys(byId);
    }

    /** The keys {@code keys}, at least one. */
    public static VendorKeys of(PublicKey... keys) {
        return of(java.util.List.of(keys));
    }

    /** The id of {@code key} as signature lines name it. */
    public static String keyId(PublicKey key) {
        return DeviceId.of(requireNonNull(key, "key")).value();
    }

    /** The trusted key with id {@code keyId}, if any. */
    public Optional<PublicKey> key(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    /** How many keys are trusted. */
    public int size() {
        return byId.size();
    }

    @Override
    public String toString() {
        return "VendorKeys" + byId.keySet();
    }
}
