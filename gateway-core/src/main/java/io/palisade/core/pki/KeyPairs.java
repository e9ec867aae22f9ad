package io.palisade.core.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * Fresh key pairs for the CA, for the gateway's own certificates and for simulated devices.
 * ECDSA P-256 is Palisade's one key type for devices and CAs; P-384 is accepted where a device's
 * secure element prefers it.
 */
public final class KeyPairs {

    private KeyPairs() {}

    /** A new ECDSA key pair on P-256 (secp256r1). */
    public static KeyPair p256() {
        return ec("secp256r1");
    }

    /** A new ECDSA key pair on P-384 (secp384r1). */
    public static KeyPair p384() {
        return ec("secp384r1");
    }

    private static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(curve + " is required of every Java platform", e);
        }
    }
}
