package io.palisade.testing.pki;

import static java.util.Objects.requireNonNull;

import io.netty.pkitesting.CertificateBuilder;
import java.security.KeyPair;
import java.time.Instant;
import java.util.OptionalInt;
import javax.security.auth.x500.X500Principal;

/**
 * Builds an extra CA certificate under the PKI's root (or under another CA, to make chains of any
 * length): a fresh ECDSA P-256 key, basicConstraints CA=true and keyUsage keyCertSign + cRLSign
 * (both critical), subject and authority key identifiers, valid over the same window as
 * {@link TestPki#intermediate()}.
 */
public final class IntermediateBuilder {

    private final TestPki pki;
    private HeldCert issuer;
    private String commonName;
    private Instant validFrom;
    private Instant validUntil;
    private OptionalInt pathLength = OptionalInt.empty();

    IntermediateBuilder(TestPki pki) {
        this.pki = pki;
        this.issuer = pki.root();
        this.commonName = pki.tenant() + " Intermediate CA " + pki.nextCaNumber();
        this.validFrom = pki.now().minus(TestPki.CA_BACKDATE);
        this.validUntil = pki.now().plus(TestPki.INTERMEDIATE_LIFETIME);
    }

    /** The subject CN; the subject O is always the PKI's tenant. */
    public IntermediateBuilder commonName(String commonName) {
        this.commonName = requireNonNull(commonName, "commonName");
        return this;
    }

    /** The CA that signs this one; defaults to {@link TestPki#root()}. */
    public IntermediateBuilder issuedBy(HeldCert issuer) {
        this.issuer = requireNonNull(issuer, "issuer");
        return this;
    }

    public IntermediateBuilder validFrom(Instant validFrom) {
        this.validFrom = requireNonNull(validFrom, "validFrom");
        return this;
    }

    public IntermediateBuilder validUntil(Instant validUntil) {
        this.validUntil = requireNonNull(validUntil, "validUntil");
        return this;
    }

    /** The basicConstraints pathLenConstraint: how many CAs may follow this one (none by default). */
    public IntermediateBuilder pathLength(int pathLength) {
        if (pathLength < 0) {
            throw new IllegalArgumentException("pathLength: " + pathLength + " (expected: >= 0)");
        }
        this.pathLength = OptionalInt.of(pathLength);
        return this;
    }

    public HeldCert build() {
        Instant from = Pkix.seconds(validFrom);
        Instant until = Pkix.seconds(validUntil);
        if (!until.isAfter(from)) {
            throw new IllegalStateException("validUntil: " + until + " (expected: after validFrom " + from + ")");
        }
        KeyPair keys = Pkix.ecKeyPair("secp256r1");
        X500Principal subject = Pkix.name("O", pki.tenant(), "CN", commonName);
        CertificateBuilder builder = TestPki.caTemplate(from, until).subject(subject).keyPair(keys)
                .setPathLengthConstraint(pathLength);
        Pkix.keyIdentifiers(builder, keys.getPublic(), issuer.certificate().getPublicKey());
        try {
            return new HeldCert(builder.buildIssuedBy(issuer.bundle()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue CA certificate " + subject.getName(), e);
        }
    }
}
