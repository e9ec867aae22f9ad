package io.palisade.core.revocation;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Where a certificate says its issuer publishes the CRL that covers it: the {@code http} URLs of
 * its CRL distribution points extension (RFC 5280 4.2.1.13). Only full names that are http URIs
 * count; a distribution point limited to some reasons or naming a separate CRL issuer (a
 * partitioned or indirect CRL) is left out, since such a CRL alone cannot say a certificate is not
 * revoked. {@code https} is left out too: fetching a CRL must not depend on the PKI it checks.
 */
public final class DistributionPoints {

    private DistributionPoints() {}

    /** The http URLs of {@code certificate}'s CRL distribution points, in order; empty when it has none. */
    public static List<URI> httpUrls(X509Certificate certificate) {
        requireNonNull(certificate, "certificate");
        byte[] ext = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (ext == null) {
            return List.of();
        }
        List<URI> urls = new ArrayList<>();
        try {
            CRLDistPoint points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(ext).getOctets());
            for (DistributionPoint point : points.getDistributionPoints()) {
                DistributionPointName name = point.getDistributionPoint();
                if (name == null || name.getType() != DistributionPointName.FULL_NAME
                        || point.getReasons() != null || point.getCRLIssuer() != null) {
                    continue;
                }
                for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
                    if (general.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        http(ASN1IA5String.getInstance(general.getName()).getString(), urls);
                    }
                }
            }
        } catch (RuntimeException e) {
            return List.of(); // a malformed extension names nothing we can fetch; path validation judges the certificate
        }
        return List.copyOf(urls);
    }

    private static void http(String text, List<URI> urls) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() != null && uri.getScheme().toLowerCase(Locale.ROOT).equals("http") && uri.getHost() != null
                    && !urls.contains(uri)) {
                urls.add(uri);
            }
        } catch (URISyntaxException e) {
            // not a URL: nothing to fetch
        }
    }
}
