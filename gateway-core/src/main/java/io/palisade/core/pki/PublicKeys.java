package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;

import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;

/** The public half of a private key, so that a device id can be computed from a key file alone. */
public final class PublicKeys {

    private PublicKeys() {}

    /**
     * The public key matching {@code key}: EC (Q = d·G on the key's curve) or RSA (from a CRT key).
     *
     * @throws IllegalArgumentException for any other kind of key
     */
    public static PublicKey derive(PrivateKey key) {
        requireNonNull(key, "key");
        try {
            if (key instanceof ECPrivateKey ec) {
                ECParameterSpec params = ec.getParams();
                org.bouncycastle.math.ec.ECPoint q = EC5Util.convertPoint(params, params.getGenerator())
                        .multiply(ec.getS()).normalize();
                ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
            }
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("key: " + key.getAlgorithm() + " (expected: a consistent EC or RSA key)", e);
        }
        throw new IllegalArgumentException("key: " + key.getAlgorithm() + " (expected: EC or RSA private key)");
    }
}
