package io.palisade.core.enrollment;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

import io.palisade.core.identity.FirmwareDigest;

/**
 * What a device presents to prove what it runs: the digest of the firmware it measured, signed
 * together with a gateway {@link Nonce} by its device key — ECDSA with SHA-256 over the 64 bytes
 * {@code nonce || firmwareDigest}, i.e. a signature of SHA-256(nonce || firmware digest). The
 * nonce makes it fresh and single-use; the device key binds it to the certificate being issued.
 *
 * <pre>
 * PalisadeAttestationEvidence ::= SEQUENCE {
 *     version         INTEGER (1),
 *     nonce           OCTET STRING,   -- 32 bytes, as issued
 *     firmwareDigest  OCTET STRING,   -- SHA-256 of the measured firmware, 32 bytes
 *     signature       OCTET STRING }  -- DER ECDSA-Sig-Value
 * </pre>
 *
 * The device side (the shim) makes it with {@link #sign}; the gateway reads it with
 * {@link #decode} and checks it with {@link #verifies}.
 */
public record AttestationEvidence(byte[] nonce, FirmwareDigest firmware, byte[] signature) {

    /** Largest encoded evidence accepted. */
    public static final int MAX_BYTES = 1024;

    private static final String ALGORITHM = "SHA256withECDSA";

    public AttestationEvidence {
        requireNonNull(nonce, "nonce");
        requireNonNull(firmware, "firmware");
        requireNonNull(signature, "signature");
        if (nonce.length != NonceIssuer.NONCE_BYTES) {
            throw new IllegalArgumentException("nonce: " + nonce.length + " bytes (expected: " + NonceIssuer.NONCE_BYTES + ")");
        }
        if (signature.length == 0 || signature.length > 256) {
            throw new IllegalArgumentException("signature: " + signature.length + " bytes (expected: 1..256)");
        }
        nonce = nonce.clone();
        signature = signature.clone();
    }

    /** Evidence that the holder of {@code deviceKey} (an EC key) runs {@code firmware}, for {@code nonce}. */
    public static AttestationEvidence sign(PrivateKey deviceKey, byte[] nonce, FirmwareDigest firmware) {
        requireNonNull(deviceKey, "deviceKey");
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(deviceKey);
            s.update(message(nonce, firmware));
            return new AttestationEvidence(nonce, firmware, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("deviceKey: " + deviceKey.getAlgorithm() + " (expected: an EC device key)", e);
        }
    }

    /** Whether the signature is {@code deviceKey}'s over this nonce and firmware digest. */
    public boolean verifies(PublicKey deviceKey) {
        requireNonNull(deviceKey, "deviceKey");
        try {
            Signature v = Signature.getInstance(ALGORITHM);
            v.initVerify(deviceKey);
            v.update(message(nonce, firmware));
            return v.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The DER encoding. */
    public byte[] encode() {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(1));
        v.add(new DEROctetString(nonce));
        v.add(new DEROctetString(firmware.sha256()));
        v.add(new DEROctetString(signature));
        try {
            return new DERSequence(v).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        }
    }

    /** Decodes DER evidence; {@link IllegalArgumentException} saying what is wrong for anything else. */
    public static AttestationEvidence decode(byte[] der) {
        requireNonNull(der, "der");
        if (der.length > MAX_BYTES) {
            throw new IllegalArgumentException("evidence: " + der.length + " bytes (expected: at most " + MAX_BYTES + ")");
        }
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(der);
            if (!Arrays.equals(p.getEncoded("DER"), der)) {
                throw new IllegalArgumentException("evidence: not DER (expected: DER PalisadeAttestationEvidence)");
            }
            ASN1Sequence seq = ASN1Sequence.getInstance(p);
            if (seq.size() != 4) {
                throw new IllegalArgumentException("evidence: " + seq.size() + " fields (expected: 4)");
            }
            int version = ASN1Integer.getInstance(seq.getObjectAt(0)).intValueExact();
            if (version != 1) {
                throw new IllegalArgumentException("evidence version: " + version + " (expected: 1)");
            }
            return new AttestationEvidence(ASN1OctetString.getInstance(seq.getObjectAt(1)).getOctets(),
                    new FirmwareDigest(ASN1OctetString.getInstance(seq.getObjectAt(2)).getOctets()),
                    ASN1OctetString.getInstance(seq.getObjectAt(3)).getOctets());
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("evidence") ? e
                    : new IllegalArgumentException("evidence: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("evidence: malformed (" + e + ")", e);
        }
    }

    private static byte[] message(byte[] nonce, FirmwareDigest firmware) {
        byte[] digest = firmware.sha256();
        byte[] m = Arrays.copyOf(nonce, nonce.length + digest.length);
        System.arraycopy(digest, 0, m, nonce.length, digest.length);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttestationEvidence e && Arrays.equals(nonce, e.nonce) && firmware.equals(e.firmware)
                && Arrays.equals(signature, e.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nonce) * 31 + firmware.hashCode();
    }

    @Override
    public String toString() {
        return "AttestationEvidence[" + firmware + "]";
    }
}
