package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.pki.CsrRejectedException.Reason;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A PKCS#10 certificate request (RFC 2986) that has passed every check Palisade makes before it
 * signs: well-formed DER, a supported key, and a signature by that key (proof that the requester
 * holds the private key). The subject is what the requester asked for, and only that: the CA
 * names a device by {@link #deviceId()}, computed from the key, never by this subject.
 *
 * <p>{@link #parse} is the boundary where untrusted bytes (an EST request body, a file) meet the
 * ASN.1 parser: whatever those bytes are, it returns a {@code Csr} or throws
 * {@link CsrRejectedException}, never an unchecked exception.
 */
public record Csr(PublicKey publicKey, X500Principal subject) {

    /** Requests above this size are refused unread; a real one is well under 2 KiB. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final byte[] PEM_BEGIN = "-----BEGIN".getBytes(StandardCharsets.US_ASCII);

    public Csr {
        requireNonNull(publicKey, "publicKey");
        requireNonNull(subject, "subject");
    }

    /** The id of the device holding the requested key. */
    public DeviceId deviceId() {
        return DeviceId.of(publicKey);
    }

    /**
     * Parses and checks a request given as DER or as PEM ({@code CERTIFICATE REQUEST}).
     *
     * @throws CsrRejectedException {@link Reason#MALFORMED} for anything that is not exactly one
     *     well-formed request, {@link Reason#UNSUPPORTED_KEY} for a key other than EC P-256/P-384
     *     or RSA of at least 2048 bits, {@link Reason#BAD_SIGNATURE} when the signature does not verify
     */
    public static Csr parse(byte[] derOrPem) throws CsrRejectedException {
        requireNonNull(derOrPem, "derOrPem");
        if (derOrPem.length > MAX_BYTES) {
            throw new CsrRejectedException(Reason.MALFORMED, derOrPem.length + " bytes (expected: at most " + MAX_BYTES + ")");
        }
        byte[] der = isPem(derOrPem) ? unwrapPem(derOrPem) : derOrPem;
        PKCS10CertificationRequest request;
        PublicKey key;
        X500Principal subject;
        try {
            request = new PKCS10CertificationRequest(der);
            subject = new X500Principal(request.getSubject().getEncoded("DER"));
        } catch (Exception e) { // BouncyCastle throws unchecked exceptions on some malformed input
            throw new CsrRejectedException(Reason.MALFORMED, "not a DER PKCS#10 request (" + e + ")", e);
        }
        try {
            key = KeyAlgorithms.publicKey(request.getSubjectPublicKeyInfo());
        } catch (Exception e) {
            throw new CsrRejectedException(Reason.UNSUPPORTED_KEY, "unreadable public key (" + e.getMessage() + ")", e);
        }
        String unsupported = KeyAlgorithms.unsupported(key).orElse(null);
        if (unsupported != null) {
            throw new CsrRejectedException(Reason.UNSUPPORTED_KEY, unsupported);
        }
        try {
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder()
                    .setProvider(KeyAlgorithms.BC).build(request.getSubjectPublicKeyInfo());
            if (!request.isSignatureValid(verifier)) {
                throw new CsrRejectedException(Reason.BAD_SIGNATURE, "the signature does not verify with the request's key");
            }
        } catch (CsrRejectedException e) {
            throw e;
        } catch (Exception e) {
            throw new CsrRejectedException(Reason.BAD_SIGNATURE, "signature not verifiable (" + e.getMessage() + ")", e);
        }
        return new Csr(key, subject);
    }

    private static boolean isPem(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        if (bytes.length - i < PEM_BEGIN.length) {
            return false;
        }
        for (int j = 0; j < PEM_BEGIN.length; j++) {
            if (bytes[i + j] != PEM_BEGIN[j]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] unwrapPem(byte[] bytes) throws CsrRejectedException {
        try {
            return Pem.csr(new String(bytes, StandardCharsets.ISO_8859_1), "request");
        } catch (PkiFileException e) {
            throw new CsrRejectedException(Reason.MALFORMED, e.getMessage(), e);
        }
    }
}
