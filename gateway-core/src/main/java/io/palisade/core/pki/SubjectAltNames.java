package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** The DNS names and IP addresses a server certificate is valid for (its subjectAltName). */
record SubjectAltNames(List<String> dnsNames, List<InetAddress> ipAddresses) {

    /** A host name, optionally with a left-most {@code *} label; each label 1-63 letters, digits or '-'. */
    private static final Pattern DNS = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    static SubjectAltNames of(List<String> dnsNames, List<InetAddress> ipAddresses) {
        requireNonNull(dnsNames, "dnsNames");
        requireNonNull(ipAddresses, "ipAddresses");
        List<String> names = new ArrayList<>();
        for (String name : dnsNames) {
            String lower = requireNonNull(name, "dnsNames[]").toLowerCase(Locale.ROOT);
            if (lower.length() > 253 || !DNS.matcher(lower).matches()) {
                throw new IllegalArgumentException("dnsNames: \"" + name + "\" (expected: a DNS host name)");
            }
            names.add(lower);
        }
        ipAddresses.forEach(a -> requireNonNull(a, "ipAddresses[]"));
        if (names.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("dnsNames, ipAddresses: both empty (expected: at least one name or address)");
        }
        return new SubjectAltNames(List.copyOf(names), List.copyOf(ipAddresses));
    }

    /** The subject CN: the first DNS name, else the first address. */
    String commonName() {
        return dnsNames.isEmpty() ? ipAddresses.get(0).getHostAddress() : dnsNames.get(0);
    }

    Extension extension() {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        ipAddresses.forEach(a -> names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(a.getAddress()))));
        try {
            return new Extension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)).getEncoded("DER"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
