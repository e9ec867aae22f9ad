package io.palisade.core.identity;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.LongSupplier;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;

import io.palisade.core.revocation.RevocationPolicy;

/**
 * Validates a certificate chain a client presented against a set of trust anchors, under a
 * profile stricter than stock PKIX (RFC 5280 plus the CA/Browser Forum rules that matter for
 * device certificates): v3 only, positive serials of at most 20 octets, no end-entity marked as
 * CA, RSA &gt;= 2048 / P-256 / P-384 / Ed25519 keys, SHA-256+ signatures, key identifiers where
 * RFC 5280 requires them, critical basicConstraints on CAs, no unknown critical extension, name
 * constraints on DNS, e-mail, IP and directory names, extended key usage nested through the
 * intermediates, and revocation by CRL.
 *
 * <p>Trust anchors are certificates too, and are held to the same profile (an expired or weak
 * root fails the path). The client's chain is capped at {@link Builder#maxChainLength} before any
 * work, and path building has a time budget, because both come from a peer that is not
 * authenticated yet.
 *
 * <p>This class knows nothing of devices; {@link DeviceIdentityVerifier} adds the device id
 * binding, the tenant and attestation on top. Immutable and thread-safe.
 */
public final class ChainValidator {

    /** id-kp-clientAuth, the purpose of a device certificate. */
    public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    /** id-kp-serverAuth. */
    public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private final Clock clock;
    private final int maxChainLength;
    private final Duration pathBuildingBudget;
    private final int maxIntermediates;
    private final KeyPurposeId purpose;
    private final boolean requireLeafUsages;
    private final LongSupplier ticker;
    private final PathMemo memo;

    private ChainValidator(Builder b) {
        this.clock = b.clock;
        this.maxChainLength = b.maxChainLength;
        this.pathBuildingBudget = b.pathBuildingBudget;
        this.maxIntermediates = b.maxIntermediates;
        this.purpose = KeyPurposeId.getInstance(new ASN1ObjectIdentifier(b.keyPurpose));
        this.requireLeafUsages = b.requireLeafUsages;
        this.ticker = b.ticker;
        this.memo = b.memo;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates {@code presented} (leaf first, then any intermediates in any order) against
     * {@code anchors} and the CRLs of {@code revocation}, at the clock's current time.
     */
    public ChainValidation validate(List<X509Certificate> presented, Collection<X509Certificate> anchors,
                                    RevocationPolicy revocation) {
        return validate(presented, anchors, revocation, deadline());
    }

    long deadline() {
        return ticker.getAsLong() + pathBuildingBudget.toNanos();
    }

    /** The validation time: the clock's instant truncated to seconds, the precision of X.509 times. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    ChainValidation validate(List<X509Certificate> presented, Collection<X509Certificate> anchors,
                             RevocationPolicy revocation, long deadline) {
        requireNonNull(presented, "presented");
        requireNonNull(anchors, "anchors");
        requireNonNull(revocation, "revocation");
        if (presented.isEmpty()) {
            return new Refused(Refusal.MALFORMED, "no certificate presented");
        }
        if (presented.size() > maxChainLength) {
            return new Refused(Refusal.CHAIN_TOO_LONG, presented.size() + " certificates presented (expected: <= "
                    + maxChainLength + ")");
        }
        ParsedCert leaf;
        try {
            leaf = new ParsedCert(requireNonNull(presented.get(0), "presented[0]"));
        } catch (Violation v) {
            return v.refused();
        }
        List<ParsedCert> trusted = parseAll(anchors, List.of());
        List<ParsedCert> pool = parseAll(presented.subList(1, presented.size()), trusted);
        PathChecks checks = new PathChecks(now(), purpose, requireLeafUsages, revocation);
        return new PathBuilder(trusted, pool, maxIntermediates, deadline, ticker, checks, memo).build(leaf);
    }

    /** Decodes {@code certs}, leaving out those that do not decode and those already in {@code known}. */
    private List<ParsedCert> parseAll(Collection<X509Certificate> certs, List<ParsedCert> known) {
        List<ParsedCert> out = new ArrayList<>(certs.size());
        for (X509Certificate c : certs) {
            try {
                ParsedCert p = memo.parse(requireNonNull(c, "certificate"));
                if (known.stream().noneMatch(p::sameCertificate) && out.stream().noneMatch(p::sameCertificate)) {
                    out.add(p);
                }
            } catch (Violation ignored) {
                // A certificate that does not decode can be on no valid path.
            }
        }
        return out;
    }

    /** {@code maxChainLength}, checked: how many certificates a client may send must be at least one. */
    static int checkedChainLength(int maxChainLength) {
        if (maxChainLength <= 0) {
            throw new IllegalArgumentException("maxChainLength: " + maxChainLength + " (expected: > 0)");
        }
        return maxChainLength;
    }

    /** {@code budget}, checked: path building needs a positive time budget. */
    static Duration checkedBudget(Duration budget) {
        requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("pathBuildingBudget: " + budget + " (expected: > 0)");
        }
        return budget;
    }

    /** Builds a {@link ChainValidator}; every setting has a safe default. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private int maxChainLength = 8;
        private Duration pathBuildingBudget = Duration.ofSeconds(1);
        private int maxIntermediates = Integer.MAX_VALUE;
        private String keyPurpose = CLIENT_AUTH;
        private boolean requireLeafUsages = true;
        private LongSupplier ticker = System::nanoTime;
        private PathMemo memo = PathMemo.SHARED;

        private Builder() {}

        /** What validated paths taught, shared by default (tests give their own). */
        Builder pathMemo(PathMemo memo) {
            this.memo = requireNonNull(memo, "memo");
            return this;
        }

        /** The monotonic time source of the path-building budget, in nanoseconds (tests). */
        Builder ticker(LongSupplier ticker) {
            this.ticker = requireNonNull(ticker, "ticker");
            return this;
        }

        /** The clock giving the validation time. Default: the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /** How many certificates a client may send, leaf included. Default 8. */
        public Builder maxChainLength(int maxChainLength) {
            this.maxChainLength = checkedChainLength(maxChainLength);
            return this;
        }

        /** How long path building may take for one chain. Default 1 s. */
        public Builder pathBuildingBudget(Duration budget) {
            this.pathBuildingBudget = checkedBudget(budget);
            return this;
        }

        /** How many non-self-issued intermediate CAs a path may hold. Default: only bounded by {@link #maxChainLength}. */
        public Builder maxIntermediates(int maxIntermediates) {
            if (maxIntermediates < 0) {
                throw new IllegalArgumentException("maxIntermediates: " + maxIntermediates + " (expected: >= 0)");
            }
            this.maxIntermediates = maxIntermediates;
            return this;
        }

        /** The extended key usage (dotted OID) the leaf must allow and no CA may exclude. Default {@link #CLIENT_AUTH}. */
        public Builder keyPurpose(String oid) {
            requireNonNull(oid, "oid");
            if (ASN1ObjectIdentifier.tryFromID(oid) == null) {
                throw new IllegalArgumentException("keyPurpose: " + oid + " (expected: a dotted OID)");
            }
            this.keyPurpose = oid;
            return this;
        }

        /**
         * Whether the leaf must carry keyUsage digitalSignature and an extendedKeyUsage (default,
         * the device profile). When false, a leaf without these extensions is accepted, as RFC
         * 5280 allows; a present extendedKeyUsage must still include the key purpose.
         */
        public Builder requireLeafUsages(boolean require) {
            this.requireLeafUsages = require;
            return this;
        }

        public ChainValidator build() {
            return new ChainValidator(this);
        }
    }
}
