package io.palisade.app.demo;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What a careless or compromised issuer could produce: a copy of a genuine device certificate,
 * for the same key and signed by the same CA, whose subject CN names another device. Palisade's
 * own CA never issues this (it computes the CN from the key); the demo makes one to show that the
 * gateway refuses an identity that is not bound to the key.
 */
final class MisboundCertificate {

    private MisboundCertificate() {}

    static X509Certificate claiming(String otherDeviceId, X509Certificate genuine, PrivateKey issuerKey)
            throws GeneralSecurityException, OperatorCreationException {
        X509CertificateHolder template = new JcaX509CertificateHolder(genuine);
        String subject = template.getSubject().toString().replaceFirst("CN=[0-9a-f]{64}", "CN=" + otherDeviceId);
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(template.getIssuer(),
                new BigInteger(127, new SecureRandom()), template.getNotBefore(), template.getNotAfter(),
                new X500Name(subject), template.getSubjectPublicKeyInfo());
        for (ASN1ObjectIdentifier oid : template.getExtensions().getExtensionOIDs()) {
            builder.copyAndAddExtension(oid, template.getExtension(oid).isCritical(), template);
        }
        X509CertificateHolder forged = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey));
        return new JcaX509CertificateConverter().getCertificate(forged);
    }
}
