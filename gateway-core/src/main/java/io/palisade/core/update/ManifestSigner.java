package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;

import io.palisade.core.pki.KeyMatch;

/**
 * The vendor's side: signs manifests with a vendor key (ECDSA P-256 with SHA-256, or Ed25519).
 * Used by tests, by the {@code palisade update sign} tool and by a local update store that signs
 * its own channels. Thread-safe.
 */
public final class ManifestSigner {

    private final PrivateKey privateKey;
    private final String keyId;
    private final SignatureAlgorithm algorithm;

    private ManifestSigner(PrivateKey privateKey, String keyId, SignatureAlgorithm algorithm) {
        this.privateKey = privateKey;
        this.keyId = keyId;
        this.algorithm = algorithm;
    }

    /**
     * A signer holding {@code privateKey}, whose public half is {@code publicKey}.
     *
     * @throws IllegalArgumentException if the key is not EC P-256 or Ed25519, or the halves do not pair
     */
    public static ManifestSigner of(PrivateKey privateKey, PublicKey publicKey) {
        requireNonNull(privateKey, "privateKey");
        requireNonNull(publicKey, "publicKey");
        SignatureAlgorithm alg = SignatureAlgorithm.of(publicKey).orElseThrow(() -> new IllegalArgumentException(
                "vendor key: " + publicKey.getAlgorithm() + " (expected: ECDSA P-256 or Ed25519)"));
        if (!KeyMatch.matches(privateKey, publicKey)) {
            throw new IllegalArgumentException("privateKey: not the private half of " + VendorKeys.keyId(publicKey)
                    + " (expected: a matching key pair)");
        }
        return new ManifestSigner(privateKey, VendorKeys.keyId(publicKey), alg);
    }

    /** The id of the key this signer signs with. */
    public String keyId() {
        return keyId;
    }

    /** {@code manifest} signed by this key alone. */
    public SignedManifest sign(Manifest manifest) {
        return new SignedManifest(requireNonNull(manifest, "manifest"), List.of(signature(manifest.encode())));
    }

    /** {@code signed} with this key's signature added (replacing an earlier one by the same key). */
    public SignedManifest countersign(SignedManifest signed) {
        requireNonNull(signed, "signed");
        List<ManifestSignature> all = new ArrayList<>(signed.signatures());
        all.removeIf(s -> s.keyId().equals(keyId));
        all.add(signature(signed.body()));
        return new SignedManifest(signed.manifest(), all);
    }

    private ManifestSignature signature(byte[] body) {
        try {
            Signature s = Signature.getInstance(algorithm.jcaName());
            s.initSign(privateKey);
            s.update(body);
            return new ManifestSignature(keyId, algorithm, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + algorithm.token() + " failed", e);
        }
    }
}
