package io.palisade.adapters.est;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;

/**
 * The bodies of RFC 7030: what the relay reads (a PKCS#10 request, base64 as the RFC says, or
 * DER or PEM) and what it writes (a certs-only CMS SignedData and the CSR attributes, both
 * base64 with {@code Content-Transfer-Encoding: base64}).
 */
final class EstEncoding {

    /** {@code application/pkcs7-mime; smime-type=certs-only}. */
    static final String CERTS_ONLY = "application/pkcs7-mime; smime-type=certs-only";
    static final String CSRATTRS = "application/csrattrs";
    private static final byte[] PEM = "-----BEGIN".getBytes(StandardCharsets.US_ASCII);

    private EstEncoding() {}

    /**
     * The request in an enrollment body: base64 (RFC 7030; whitespace and line breaks allowed)
     * when {@code transferEncoding} says so or the body is not DER; DER as it is when it starts
     * with a SEQUENCE tag; PEM passed on as it is.
     *
     * @throws IllegalArgumentException with the reason, for an empty body or bad base64
     */
    static byte[] request(byte[] body, String transferEncoding) {
        if (body.length == 0) {
            throw new IllegalArgumentException("empty body (expected: a base64 PKCS#10 request)");
        }
        boolean base64 = transferEncoding != null && transferEncoding.trim().equalsIgnoreCase("base64");
        if (!base64 && (body[0] == 0x30 || startsWith(body, PEM))) {
            return body;
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(body);
            if (der.length == 0) {
                throw new IllegalArgumentException("no base64 characters");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("body is not base64 (" + e.getMessage() + "; expected: a base64 PKCS#10 request)", e);
        }
    }

    private static boolean startsWith(byte[] body, byte[] prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** A certs-only CMS SignedData holding {@code certificates}, DER then base64 in lines of 76. */
    static byte[] certsOnly(List<X509Certificate> certificates) {
        try {
            List<X509CertificateHolder> holders = new ArrayList<>();
            for (X509Certificate c : certificates) {
                holders.add(new X509CertificateHolder(c.getEncoded()));
            }
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(holders));
            return base64(generator.generate(new CMSAbsentContent()).getEncoded("DER"));
        } catch (CertificateEncodingException | CMSException | java.io.IOException e) {
            throw new IllegalStateException("certs-only of " + certificates.size() + " certificates not encodable", e);
        }
    }

    /**
     * The CSR attributes a device should use (RFC 7030 §4.5.2): an EC P-256 key
     * ({@code id-ecPublicKey} with {@code secp256r1}) and ECDSA with SHA-256.
     */
    static byte[] csrAttributes() {
        ASN1EncodableVector attrs = new ASN1EncodableVector();
        attrs.add(X9ObjectIdentifiers.ecdsa_with_SHA256);
        attrs.add(new Attribute(X9ObjectIdentifiers.id_ecPublicKey, new DERSet(SECObjectIdentifiers.secp256r1)));
        try {
            return base64(new DERSequence(attrs).getEncoded("DER"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("csrattrs not encodable", e);
        }
    }

    private static byte[] base64(byte[] der) {
        return (Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
