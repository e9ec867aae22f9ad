package io.palisade.core.enrollment;

import java.util.Optional;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import io.palisade.core.identity.DeviceId;

/**
 * Whether a request's subject agrees with the certificate it would get: O the tenant, OU the
 * product, CN (if any) the id of the requested key, and nothing else. With {@code required}, O —
 * and OU when there is a product — must be present, as a renewal repeats the subject it renews.
 */
final class SubjectCheck {

    private SubjectCheck() {}

    /** Why the subject does not agree, or empty when it does. */
    static Optional<String> mismatch(X500Principal subject, String tenant, Optional<String> product, DeviceId newId,
                                     boolean required) {
        X500Name name = X500Name.getInstance(subject.getEncoded());
        int o = 0;
        int ou = 0;
        for (RDN rdn : name.getRDNs()) {
            if (rdn.isMultiValued()) {
                return Optional.of("multi-valued RDN in " + subject + " (expected: O, OU, CN each alone)");
            }
            AttributeTypeAndValue atv = rdn.getFirst();
            ASN1ObjectIdentifier type = atv.getType();
            String value = IETFUtils.valueToString(atv.getValue());
            if (type.equals(BCStyle.O)) {
                o++;
                if (!value.equals(tenant)) {
                    return Optional.of("O=" + value + " (expected: O=" + tenant + ")");
                }
            } else if (type.equals(BCStyle.OU)) {
                ou++;
                if (product.isEmpty() || !value.equals(product.get())) {
                    return Optional.of("OU=" + value + " (expected: " + product.map(p -> "OU=" + p).orElse("no OU") + ")");
                }
            } else if (type.equals(BCStyle.CN)) {
                if (!value.equals(newId.value())) {
                    return Optional.of("CN=" + value + " (expected: no CN or CN=" + newId + ", the id of the requested key)");
                }
            } else {
                return Optional.of("attribute " + Optional.ofNullable(BCStyle.INSTANCE.oidToDisplayName(type)).orElse(type.getId()) + " (expected: only O, OU and CN)");
            }
        }
        if (o > 1 || ou > 1) {
            return Optional.of(subject + " repeats O or OU (expected: at most one of each)");
        }
        if (required && (o == 0 || (product.isPresent() && ou == 0))) {
            return Optional.of(subject + " (expected: O=" + tenant + product.map(p -> ", OU=" + p).orElse("")
                    + " as in the current certificate)");
        }
        return Optional.empty();
    }
}
