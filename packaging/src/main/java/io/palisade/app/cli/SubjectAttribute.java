package io.palisade.app.cli;

import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Reads one attribute (CN, O, OU) of a certificate's subject, for the commands that describe a device. */
final class SubjectAttribute {

    private SubjectAttribute() {}

    /** The value of the last {@code type} attribute of {@code cert}'s subject, if any. */
    static Optional<String> of(X509Certificate cert, String type) {
        try {
            String value = null;
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    value = rdn.getValue().toString();
                }
            }
            return Optional.ofNullable(value);
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
