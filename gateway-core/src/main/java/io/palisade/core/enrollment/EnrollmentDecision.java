package io.palisade.core.enrollment;

import static java.util.Objects.requireNonNull;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.pki.Csr;
import io.palisade.core.pki.DeviceProfile;
import io.palisade.core.policy.model.EstOperation;

/** The outcome of {@link EnrollmentRules}: approved for issuance, or refused with a typed reason. */
public sealed interface EnrollmentDecision {

    /**
     * A request to be signed by an {@link Enroller}.
     *
     * @param operation {@link EstOperation#ENROLL} or {@link EstOperation#REENROLL}
     * @param requester who asked: the identity of the TLS client certificate
     * @param csr       the checked request; its key is the one to certify
     * @param profile   product, lifetime and attestation of the certificate to issue
     */
    record Approved(EstOperation operation, DeviceIdentity requester, Csr csr, DeviceProfile profile)
            implements EnrollmentDecision {
        public Approved {
            requireNonNull(operation, "operation");
            requireNonNull(requester, "requester");
            requireNonNull(csr, "csr");
            requireNonNull(profile, "profile");
        }

        /** The id of the device the certificate will name (its CN). */
        public DeviceId deviceId() {
            return csr.deviceId();
        }
    }

    /** A refused request: the reason (and so the HTTP status) and a detail for the audit log. */
    record Refused(EnrollmentRefusal reason, String detail) implements EnrollmentDecision {
        public Refused {
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return reason + ": " + detail;
        }
    }
}
