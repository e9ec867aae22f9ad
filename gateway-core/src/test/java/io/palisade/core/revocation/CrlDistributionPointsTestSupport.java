package io.palisade.core.revocation;

import io.palisade.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** A CRL distribution points extension for test certificates, and a clock tests move by hand. */
final class CrlDistributionPointsTestSupport {

    static final String OID = Extension.cRLDistributionPoints.getId();

    private CrlDistributionPointsTestSupport() {}

    /** The extnValue of a CRLDistributionPoints extension with one full-name point per URI. */
    static byte[] extension(String... uris) {
        DistributionPoint[] points = new DistributionPoint[uris.length];
        for (int i = 0; i < uris.length; i++) {
            points[i] = new DistributionPoint(new DistributionPointName(
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uris[i]))), null, null);
        }
        try {
            return new CRLDistPoint(points).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
