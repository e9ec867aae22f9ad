package io.palisade.core.pki;

import io.palisade.core.pki.CertificateSigner.Issuer;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Signs X.509 v2 CRLs (RFC 5280 §5): one entry per revocation, with its reason; AKI and CRL number. */
final class CrlSigner {

    private CrlSigner() {}

    static X509CRL sign(Issuer issuer, BigInteger number, Instant thisUpdate, Instant nextUpdate,
                        Collection<Revocation> revocations) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer.name(), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (Revocation r : revocations) {
                // CRLReason's ordinals are the RFC 5280 reason codes; UNSPECIFIED (0) is written as no reason.
                builder.addCRLEntry(r.serial(), Date.from(r.revokedAt()), r.reason().ordinal());
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuer.keyId()));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            var signer = new JcaContentSignerBuilder(KeyAlgorithms.signatureAlgorithm(issuer.publicKey()))
                    .build(issuer.privateKey());
            return new JcaX509CRLConverter().getCRL(builder.build(signer));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("signing CRL " + number + " of " + issuer.name() + " failed", e);
        }
    }
}
