package io.palisade.core.update;

import io.palisade.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Keys, clocks and manifests for the update tests. */
final class UpdateFixtures {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final ManifestTarget STABLE = new ManifestTarget("acme-thermostat", "stable");
    static final byte[] FIRMWARE = "firmware v42".getBytes(StandardCharsets.US_ASCII);

    private UpdateFixtures() {}

    static KeyPair ec() {
        return generate("EC");
    }

    static KeyPair ed25519() {
        return generate("Ed25519");
    }

    static ManifestSigner signer(KeyPair keys) {
        return ManifestSigner.of(keys.getPrivate(), keys.getPublic());
    }

    static Manifest manifest(long version) {
        return manifest(STABLE, version, NOW.plus(Duration.ofDays(30)), FIRMWARE);
    }

    static Manifest manifest(ManifestTarget target, long version, Instant expires, byte[] image) {
        return new Manifest(target, version, expires,
                List.of(new ImageEntry("firmware.bin", ImageDigest.of(image), image.length)));
    }

    private static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

}
