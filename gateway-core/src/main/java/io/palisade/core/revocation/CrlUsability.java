package io.palisade.core.revocation;

import java.security.Provider;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Whether a CRL may be relied on for the certificates of one issuer, now (RFC 5280 6.3.3): signed
 * by that issuer's key, the issuer allowed to sign CRLs (keyUsage cRLSign when keyUsage is
 * present), a non-critical cRLNumber, no critical extension we do not process (a partitioned or
 * delta CRL does not say whether a certificate is revoked), and current: thisUpdate &lt;= now &lt;=
 * nextUpdate.
 */
final class CrlUsability {

    private static final Provider BC = new BouncyCastleProvider();
    private static final int CRL_SIGN = 6;
    private static final Set<ASN1ObjectIdentifier> UNDERSTOOD = Set.of(Extension.authorityKeyIdentifier);

    private CrlUsability() {}

    /** Null when {@code crl} is usable for certificates issued by {@code issuer} at {@code now}, else why not. */
    static String problem(X509CRL crl, X509Certificate issuer, Instant now) {
        String problem = issuedBy(crl, issuer);
        return problem != null ? problem : currency(crl, now);
    }

    /** Null when {@code issuer} signed {@code crl} and may sign CRLs, and its extensions are ones we process; else why not. */
    static String issuedBy(X509CRL crl, X509Certificate issuer) {
        boolean[] ku = issuer.getKeyUsage();
        if (ku != null && (ku.length <= CRL_SIGN || !ku[CRL_SIGN])) {
            return "its issuer's keyUsage lacks cRLSign";
        }
        try {
            X509CRLHolder holder = new X509CRLHolder(crl.getEncoded());
            if (!holder.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(issuer.getPublicKey()))) {
                return "its signature does not verify with the issuer's key";
            }
            Extensions ext = holder.getExtensions();
            Extension number = ext == null ? null : ext.getExtension(Extension.cRLNumber);
            if (number == null) {
                return "it has no cRLNumber";
            }
            if (number.isCritical()) {
                return "its cRLNumber is critical (RFC 5280: non-critical)";
            }
            for (ASN1ObjectIdentifier oid : ext.getExtensionOIDs()) {
                Extension e = ext.getExtension(oid);
                if (e.isCritical() && !UNDERSTOOD.contains(oid)) {
                    return "it has a critical extension " + oid + " that is not supported";
                }
            }
        } catch (Exception e) {
            return "it does not decode or verify (" + e.getMessage() + ")";
        }
        return null;
    }

    /** Null when {@code crl} is current at {@code now} (thisUpdate &lt;= now &lt;= nextUpdate), else why not. */
    static String currency(X509CRL crl, Instant now) {
        if (crl.getThisUpdate().toInstant().isAfter(now)) {
            return "its thisUpdate " + crl.getThisUpdate().toInstant() + " is in the future";
        }
        if (crl.getNextUpdate() == null) {
            return "it has no nextUpdate";
        }
        if (now.isAfter(crl.getNextUpdate().toInstant())) {
            return "it is stale (nextUpdate " + crl.getNextUpdate().toInstant() + ")";
        }
        return null;
    }
}
