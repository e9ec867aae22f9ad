package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

import io.palisade.core.identity.DeviceId;

import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The distinguished names Palisade's CA writes, most significant attribute first (O, then OU, then
 * CN), so RFC 2253 text reads {@code CN=<device id>,OU=<product>,O=<tenant>}.
 */
final class Names {

    /** A tenant leaves room in 64-character CNs for " Palisade Device CA". */
    static final int MAX_TENANT = 40;
    static final int MAX_PRODUCT = 64;

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9 ._-]*[A-Za-z0-9])?");

    private Names() {}

    static String checkLabel(String what, String value, int max) {
        requireNonNull(value, what);
        if (value.length() > max || !LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(what + ": \"" + value + "\" (expected: 1-" + max
                    + " letters, digits, ' ', '.', '_' or '-', starting and ending with a letter or digit)");
        }
        return value;
    }

    static X500Name root(String tenant) {
        return name(tenant, null, tenant + " Palisade Root CA");
    }

    static X500Name deviceCa(String tenant) {
        return name(tenant, null, tenant + " Palisade Device CA");
    }

    static X500Name device(DeviceId id, String tenant, String product) {
        return name(tenant, product, id.value());
    }

    static X500Name endpoint(String tenant, String commonName) {
        if (commonName.isEmpty() || commonName.length() > 64) {
            throw new IllegalArgumentException("commonName: \"" + commonName + "\" (expected: 1-64 characters)");
        }
        return name(tenant, null, commonName);
    }

    /** The subject O of {@code name}, which Palisade's CA names carry the tenant in. */
    static String organization(X500Name name) {
        var rdns = name.getRDNs(BCStyle.O);
        if (rdns.length != 1) {
            throw new IllegalArgumentException("name: " + name + " (expected: exactly one O, the tenant)");
        }
        return IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    private static X500Name name(String tenant, String unit, String commonName) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, tenant);
        if (unit != null) {
            b.addRDN(BCStyle.OU, unit);
        }
        return b.addRDN(BCStyle.CN, commonName).build();
    }
}
