package io.palisade.core.identity;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * The attestation extension of a device certificate (non-critical), under Palisade's
 * {@code 2.25.<uuid>} arc:
 *
 * <pre>
 * PalisadeAttestation ::= SEQUENCE {
 *     version          INTEGER (1),
 *     digestAlgorithm  AlgorithmIdentifier,   -- id-sha256
 *     firmwareDigest   OCTET STRING,          -- the measured firmware, 32 bytes
 *     attestedAt       GeneralizedTime }
 * </pre>
 */
public final class AttestationExtension {

    /** {@code 2.25.<uuid 72a7cb35-a017-453f-9fc1-026fb92fe97a>}: Palisade's arc. */
    public static final ASN1ObjectIdentifier PALISADE_ARC =
            new ASN1ObjectIdentifier("2.25.152403226672643614152314578426391423354");

    /** The OID of the attestation extension: {@link #PALISADE_ARC}{@code .1}. */
    public static final ASN1ObjectIdentifier OID = PALISADE_ARC.branch("1");

    private static final AlgorithmIdentifier SHA256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);

    private AttestationExtension() {}

    /** The DER value of the extension (the content of its extnValue OCTET STRING). */
    public static byte[] encode(AttestationClaims claims) {
        requireNonNull(claims, "claims");
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(1));
        v.add(SHA256);
        v.add(new DEROctetString(claims.firmware().sha256()));
        v.add(new ASN1GeneralizedTime(Date.from(claims.attestedAt())));
        try {
            return new DERSequence(v).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        }
    }

    /** Decodes the extension value; {@link IllegalArgumentException} if it is malformed. */
    public static AttestationClaims decode(byte[] der) {
        requireNonNull(der, "der");
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            if (seq.size() != 4) {
                throw new IllegalArgumentException("attestation: " + seq.size() + " fields (expected: 4)");
            }
            int version = ASN1Integer.getInstance(seq.getObjectAt(0)).intValueExact();
            if (version != 1) {
                throw new IllegalArgumentException("attestation version: " + version + " (expected: 1)");
            }
            AlgorithmIdentifier alg = AlgorithmIdentifier.getInstance(seq.getObjectAt(1));
            if (!alg.getAlgorithm().equals(NISTObjectIdentifiers.id_sha256)) {
                throw new IllegalArgumentException("attestation digest algorithm: " + alg.getAlgorithm()
                        + " (expected: " + NISTObjectIdentifiers.id_sha256 + ", SHA-256)");
            }
            byte[] digest = ASN1OctetString.getInstance(seq.getObjectAt(2)).getOctets();
            Instant at = ASN1GeneralizedTime.getInstance(seq.getObjectAt(3)).getDate().toInstant();
            return new AttestationClaims(new FirmwareDigest(digest), at);
        } catch (IOException | java.text.ParseException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("attestation")) {
                throw iae;
            }
            throw new IllegalArgumentException("attestation: malformed extension (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The claims carried by {@code cert}, if it has the extension.
     *
     * @throws IllegalArgumentException if the extension is present but malformed
     */
    public static Optional<AttestationClaims> of(X509Certificate cert) {
        requireNonNull(cert, "cert");
        byte[] wrapped = cert.getExtensionValue(OID.getId());
        if (wrapped == null) {
            return Optional.empty();
        }
        byte[] inner = ASN1OctetString.getInstance(wrapped).getOctets();
        return Optional.of(decode(inner));
    }
}
