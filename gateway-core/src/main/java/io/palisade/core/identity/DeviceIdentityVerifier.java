package io.palisade.core.identity;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

import io.palisade.core.revocation.DenyList;

/**
 * Turns the certificate chain a device presented in its TLS handshake into a
 * {@link DeviceIdentity}, or a typed {@link Refused refusal}. In order:
 * <ol>
 *   <li>the chain is at most {@code maxChainLength} certificates ({@link Refusal#CHAIN_TOO_LONG});</li>
 *   <li>the device id (SHA-256 of the leaf's key) is not on the deny list ({@link Refusal#REVOKED});</li>
 *   <li>the chain validates under some tenant's anchors with the strict profile of
 *       {@link ChainValidator}, clientAuth, and that tenant's CRLs — the tenant named by the leaf's
 *       subject O is tried first, the others after, within one path-building budget;</li>
 *   <li>that tenant is the one the subject O names ({@link Refusal#TENANT_MISMATCH});</li>
 *   <li>the subject CN is the device id ({@link Refusal#ID_NOT_BOUND_TO_KEY});</li>
 *   <li>the attestation extension, if present, decodes ({@link Refusal#MALFORMED}).</li>
 * </ol>
 * Pure and thread-safe; no I/O. The deny list is read at each call, so a change applies to the
 * next handshake. What is remembered between calls is what paths that validated taught: which
 * signatures verified and the CA certificates decoded ({@link PathMemo}, bounded), so a
 * reconnecting device costs no public-key operation; every check above still runs at each call.
 */
public final class DeviceIdentityVerifier {

    private final List<TenantTrust> tenants;
    private final ChainValidator validator;
    private final DenyList denyList;
    private final int maxChainLength;

    private DeviceIdentityVerifier(Builder b) {
        this.tenants = List.copyOf(b.tenants);
        this.denyList = b.denyList;
        this.maxChainLength = b.maxChainLength;
        this.validator = ChainValidator.builder().clock(b.clock).maxChainLength(b.maxChainLength)
                .pathBuildingBudget(b.pathBuildingBudget).keyPurpose(ChainValidator.CLIENT_AUTH)
                .requireLeafUsages(true).pathMemo(b.memo).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Verifies {@code presented}: the device's certificate first, then any intermediates. */
    public Verification verify(List<X509Certificate> presented) {
        requireNonNull(presented, "presented");
        if (presented.isEmpty()) {
            return new Refused(Refusal.MALFORMED, "no certificate presented");
        }
        if (presented.size() > maxChainLength) {
            return new Refused(Refusal.CHAIN_TOO_LONG, presented.size() + " certificates presented (expected: <= " + maxChainLength + ")");
        }
        X509Certificate leaf = requireNonNull(presented.get(0), "presented[0]");
        DeviceId id;
        X500Name subject;
        try {
            id = DeviceId.of(leaf.getPublicKey());
            subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        } catch (RuntimeException e) {
            return new Refused(Refusal.MALFORMED, ParsedCert.describe(leaf) + ": " + e.getMessage());
        }
        if (denyList.contains(id)) {
            return new Refused(Refusal.REVOKED, "device " + id + " is on the deny list");
        }
        String claimed = single(subject, BCStyle.O);
        long deadline = validator.deadline();
        Refused refusal = null;
        for (TenantTrust tenant : inOrder(claimed)) {
            ChainValidation result = validator.validate(presented, tenant.anchors(), tenant.revocation(), deadline);
            if (result instanceof ValidChain chain) {
                if (!tenant.name().equals(claimed)) {
                    return new Refused(Refusal.TENANT_MISMATCH, "device " + id + ": chain validates under the anchors of tenant "
                            + tenant.name() + " but its subject O is " + (claimed == null ? "absent or repeated" : "'" + claimed + "'"));
                }
                return identify(id, subject, tenant, chain);
            }
            Refused r = (Refused) result;
            Refused named = new Refused(r.reason(), "tenant " + tenant.name() + ": " + r.detail());
            if (r.reason() == Refusal.PATH_BUILDING_TIMEOUT) {
                return named;
            }
            if (refusal == null || (refusal.reason() == Refusal.UNKNOWN_ISSUER && r.reason() != Refusal.UNKNOWN_ISSUER)) {
                refusal = named;
            }
        }
        return refusal;
    }

    private List<TenantTrust> inOrder(String claimed) {
        List<TenantTrust> ordered = new ArrayList<>(tenants.size());
        tenants.stream().filter(t -> t.name().equals(claimed)).forEach(ordered::add);
        tenants.stream().filter(t -> !t.name().equals(claimed)).forEach(ordered::add);
        return ordered;
    }

    private static Verification identify(DeviceId id, X500Name subject, TenantTrust tenant, ValidChain chain) {
        X509Certificate leaf = chain.leaf();
        String cn = single(subject, BCStyle.CN);
        if (!id.value().equals(cn)) {
            return new Refused(Refusal.ID_NOT_BOUND_TO_KEY, ParsedCert.describe(leaf) + ": subject CN "
                    + (cn == null ? "absent or repeated" : "'" + cn + "'") + " is not the id of its key, " + id);
        }
        if (subject.getRDNs(BCStyle.OU).length > 1) {
            return new Refused(Refusal.MALFORMED, ParsedCert.describe(leaf) + ": more than one subject OU");
        }
        Optional<AttestationClaims> attestation;
        try {
            attestation = AttestationExtension.of(leaf);
        } catch (IllegalArgumentException e) {
            return new Refused(Refusal.MALFORMED, ParsedCert.describe(leaf) + ": " + e.getMessage());
        }
        return new Verified(new DeviceIdentity(id, tenant.name(), Optional.ofNullable(single(subject, BCStyle.OU)),
                chain.path(), leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), attestation));
    }

    /** The value of the one attribute {@code type} in {@code name}; null when absent, repeated or not a string. */
    private static String single(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        if (rdns.length != 1 || rdns[0].size() != 1) {
            return null;
        }
        AttributeTypeAndValue atv = rdns[0].getFirst();
        return atv.getValue() instanceof ASN1String s ? s.getString() : null;
    }

    /** Builds a {@link DeviceIdentityVerifier}; at least one tenant is required. */
    public static final class Builder {
        private final List<TenantTrust> tenants = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private int maxChainLength = 8;
        private Duration pathBuildingBudget = Duration.ofSeconds(1);
        private DenyList denyList = DenyList.empty();
        private PathMemo memo = PathMemo.SHARED;

        private Builder() {}

        /** What validated paths taught, shared by default (tests give their own). */
        Builder pathMemo(PathMemo memo) {
            this.memo = requireNonNull(memo, "memo");
            return this;
        }

        /** Adds a tenant whose devices may connect. */
        public Builder tenant(TenantTrust tenant) {
            tenants.add(requireNonNull(tenant, "tenant"));
            return this;
        }

        /** Adds tenants whose devices may connect. */
        public Builder tenants(List<TenantTrust> tenants) {
            requireNonNull(tenants, "tenants").forEach(this::tenant);
            return this;
        }

        /** The clock giving the validation time. Default: the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /** How many certificates a device may send, its own included. Default 8. */
        public Builder maxChainLength(int maxChainLength) {
            this.maxChainLength = ChainValidator.checkedChainLength(maxChainLength);
            return this;
        }

        /** How long path building may take for one handshake, all tenants together. Default 1 s. */
        public Builder pathBuildingBudget(Duration budget) {
            this.pathBuildingBudget = ChainValidator.checkedBudget(budget);
            return this;
        }

        /** The devices refused whatever their certificates say. Default: empty. */
        public Builder denyList(DenyList denyList) {
            this.denyList = requireNonNull(denyList, "denyList");
            return this;
        }

        public DeviceIdentityVerifier build() {
            if (tenants.isEmpty()) {
                throw new IllegalStateException("tenants: none (expected: at least one tenant)");
            }
            Set<String> names = new HashSet<>();
            for (TenantTrust t : tenants) {
                if (!names.add(t.name())) {
                    throw new IllegalStateException("tenants: " + t.name() + " appears twice (expected: unique names)");
                }
            }
            return new DeviceIdentityVerifier(this);
        }
    }
}
