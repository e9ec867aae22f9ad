package io.palisade.core.enrollment;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import io.palisade.core.identity.AttestationClaims;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.pki.Csr;
import io.palisade.core.pki.CsrRejectedException;
import io.palisade.core.pki.DeviceProfile;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.PolicyEngine;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.model.EstOperation;

/**
 * Decides EST enrollment requests (RFC 7030) before anything is signed. The requester is the
 * device identity the TLS handshake verified; the body is a PKCS#10 request; optionally the
 * device adds {@link AttestationEvidence}. Checks, in order:
 *
 * <ol>
 *   <li>The request parses and its signature proves possession of its key
 *       ({@link EnrollmentRefusal#MALFORMED_CSR}, {@link EnrollmentRefusal#CSR_SIGNATURE},
 *       {@link EnrollmentRefusal#UNSUPPORTED_KEY}: 400).</li>
 *   <li>Policy allows the requester the operation ({@code est: [enroll]} for a bootstrap or
 *       manufacturer certificate, {@code est: [reenroll]} for a device certificate).</li>
 *   <li>Re-enrollment only: the request's key is the key of the TLS certificate, or the
 *       {@link KeyRotationPolicy} lets this device move to a new one ({@link EnrollmentRefusal#KEY_NOT_BOUND}).</li>
 *   <li>The subject agrees: O the tenant, OU the product, CN absent or the new key's device id; on
 *       re-enrollment O (and OU) must be present ({@link EnrollmentRefusal#SUBJECT_MISMATCH}).</li>
 *   <li>Evidence, if presented, must be valid: its nonce issued to the requester, unexpired and
 *       unused, its signature the requested key's. Where {@link AttestationPolicy policy} requires
 *       attestation, evidence must be presented ({@link EnrollmentRefusal#ATTESTATION_REQUIRED}).
 *       Valid evidence becomes the certificate's {@link AttestationClaims} (attested now).</li>
 * </ol>
 *
 * The policy decision is made on the requester as presented. A device whose attestation has
 * lapsed is quarantined, so quarantine policies should allow {@code est: [reenroll]}: that is how
 * a device re-attests. Thread-safe.
 */
public final class EnrollmentRules {

    private final PolicyEngine policy;
    private final AttestationPolicy attestation;
    private final KeyRotationPolicy rotation;
    private final NonceIssuer nonces;
    private final Duration lifetime;
    private final Clock clock;

    public EnrollmentRules(PolicyEngine policy, AttestationPolicy attestation, KeyRotationPolicy rotation,
                           NonceIssuer nonces, Duration lifetime, Clock clock) {
        this.policy = requireNonNull(policy, "policy");
        this.attestation = requireNonNull(attestation, "attestation");
        this.rotation = requireNonNull(rotation, "rotation");
        this.nonces = requireNonNull(nonces, "nonces");
        this.lifetime = requireNonNull(lifetime, "lifetime");
        this.clock = requireNonNull(clock, "clock");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime: " + lifetime + " (expected: > 0)");
        }
    }

    /** Rules on {@code policy} (attestation as its {@code require} says), no key rotation, 7-day certificates. */
    public static EnrollmentRules of(PolicyEngine policy, NonceIssuer nonces, Clock clock) {
        return new EnrollmentRules(policy, AttestationPolicy.of(policy), KeyRotationPolicy.NEVER, nonces,
                DeviceProfile.DEFAULT_LIFETIME, clock);
    }

    /** {@code simpleenroll}: a device holding a bootstrap or manufacturer certificate asks for its first device certificate. */
    public EnrollmentDecision enroll(DeviceIdentity bootstrap, byte[] csr, Optional<byte[]> evidence) {
        return decide(EstOperation.ENROLL, bootstrap, csr, evidence);
    }

    /** {@code simplereenroll}: a device renews the certificate it presented (the TLS client certificate). */
    public EnrollmentDecision reenroll(DeviceIdentity current, byte[] csr, Optional<byte[]> evidence) {
        return decide(EstOperation.REENROLL, current, csr, evidence);
    }

    private EnrollmentDecision decide(EstOperation op, DeviceIdentity requester, byte[] body, Optional<byte[]> evidence) {
        requireNonNull(requester, "requester");
        requireNonNull(body, "csr");
        requireNonNull(evidence, "evidence");
        Csr csr;
        try {
            csr = Csr.parse(body);
        } catch (CsrRejectedException e) {
            return refuse(EnrollmentRefusal.of(e.reason()), e.getMessage());
        }
        if (!isDeviceKey(csr.publicKey())) {
            return refuse(EnrollmentRefusal.UNSUPPORTED_KEY, csr.publicKey().getAlgorithm()
                    + " key (expected: EC P-256 or P-384 for a device)");
        }
        Decision allowed = policy.decide(DeviceContext.of(requester), new Request.EstRequest(op));
        if (!allowed.allowed()) {
            return refuse(EnrollmentRefusal.POLICY_DENIED, "est " + op.yamlName() + " by " + requester.id() + ": " + allowed);
        }
        if (op == EstOperation.REENROLL && !sameKey(requester.leaf().getPublicKey(), csr.publicKey())
                && !rotation.allows(requester, csr.publicKey())) {
            return refuse(EnrollmentRefusal.KEY_NOT_BOUND, "request for key " + csr.deviceId() + " from device "
                    + requester.id() + " (expected: the same key; no rotation allowed)");
        }
        Optional<String> product = requester.product();
        Optional<String> mismatch = SubjectCheck.mismatch(csr.subject(), requester.tenant(), product, csr.deviceId(),
                op == EstOperation.REENROLL);
        if (mismatch.isPresent()) {
            return refuse(EnrollmentRefusal.SUBJECT_MISMATCH, mismatch.get());
        }
        if (product.isEmpty()) {
            return refuse(EnrollmentRefusal.NO_PRODUCT, requester.id() + " presented a certificate without OU (expected: the product)");
        }
        DeviceProfile profile = DeviceProfile.of(product.get()).withLifetime(lifetime);
        if (evidence.isPresent()) {
            Attested attested = attest(requester, csr, evidence.get());
            if (attested.refused() != null) {
                return attested.refused();
            }
            profile = profile.withAttestation(attested.claims());
        } else if (attestation.requiresAttestation(DeviceContext.of(csr.deviceId(), requester.tenant(), product))) {
            return refuse(EnrollmentRefusal.ATTESTATION_REQUIRED, "policy requires device " + csr.deviceId()
                    + " to attest; no evidence presented");
        }
        return new EnrollmentDecision.Approved(op, requester, csr, profile);
    }

    /** What evidence proved: claims, or a refusal (exactly one is set). */
    private record Attested(AttestationClaims claims, EnrollmentDecision.Refused refused) {
        static Attested refused(EnrollmentRefusal reason, String detail) {
            return new Attested(null, refuse(reason, detail));
        }
    }

    private Attested attest(DeviceIdentity requester, Csr csr, byte[] encoded) {
        AttestationEvidence evidence;
        try {
            evidence = AttestationEvidence.decode(encoded);
        } catch (IllegalArgumentException e) {
            return Attested.refused(EnrollmentRefusal.MALFORMED_EVIDENCE, e.getMessage());
        }
        switch (nonces.redeem(requester.id(), evidence.nonce())) {
            case UNKNOWN:
                return Attested.refused(EnrollmentRefusal.NONCE_UNKNOWN, "nonce not issued to " + requester.id());
            case EXPIRED:
                return Attested.refused(EnrollmentRefusal.NONCE_EXPIRED, "nonce older than " + nonces.validity());
            case REUSED:
                return Attested.refused(EnrollmentRefusal.NONCE_REUSED, "nonce already redeemed by " + requester.id());
            case FRESH:
            default:
                break;
        }
        if (!evidence.verifies(csr.publicKey())) {
            return Attested.refused(EnrollmentRefusal.EVIDENCE_SIGNATURE, "evidence of " + evidence.firmware()
                    + " not signed by the requested key " + csr.deviceId());
        }
        return new Attested(new AttestationClaims(evidence.firmware(),
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), null);
    }

    private static boolean isDeviceKey(PublicKey key) {
        AlgorithmIdentifier alg = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm();
        return X9ObjectIdentifiers.id_ecPublicKey.equals(alg.getAlgorithm())
                && (SECObjectIdentifiers.secp256r1.equals(alg.getParameters())
                || SECObjectIdentifiers.secp384r1.equals(alg.getParameters()));
    }

    private static boolean sameKey(PublicKey a, PublicKey b) {
        return Arrays.equals(a.getEncoded(), b.getEncoded());
    }

    private static EnrollmentDecision.Refused refuse(EnrollmentRefusal reason, String detail) {
        return new EnrollmentDecision.Refused(reason, detail);
    }
}
