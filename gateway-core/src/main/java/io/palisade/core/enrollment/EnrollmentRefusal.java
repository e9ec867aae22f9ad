package io.palisade.core.enrollment;

import io.palisade.core.pki.CsrRejectedException;

/**
 * Why an EST request (RFC 7030) was refused, with the HTTP status the certificate relay answers.
 * Anything wrong with what the device sent is a 4xx with this reason, never a 500: 400 for a
 * request that is malformed or inconsistent in itself, 403 for one that is well-formed but not
 * allowed. The detail goes to the audit log.
 */
public enum EnrollmentRefusal {
    /** The body is not one well-formed PKCS#10 request ({@link CsrRejectedException.Reason#MALFORMED}). */
    MALFORMED_CSR(400),
    /** The request is not signed by the key it carries: no proof of possession ({@link CsrRejectedException.Reason#BAD_SIGNATURE}). */
    CSR_SIGNATURE(400),
    /** The key is not one a device certificate may carry (EC P-256 or P-384). */
    UNSUPPORTED_KEY(400),
    /** The request's subject names another tenant or product, a CN other than the key's device id, or other attributes. */
    SUBJECT_MISMATCH(400),
    /** The attestation evidence does not decode. */
    MALFORMED_EVIDENCE(400),
    /** Policy does not allow this device this EST operation. */
    POLICY_DENIED(403),
    /** Re-enrollment for a key other than the device's, and no key rotation is allowed for it. */
    KEY_NOT_BOUND(403),
    /** The presented certificate names no product (subject OU), so the new one could not either. */
    NO_PRODUCT(403),
    /** Policy requires a fresh attestation of this device and none was presented. */
    ATTESTATION_REQUIRED(403),
    /** The evidence's nonce was never issued, or was issued to another device, or is long gone. */
    NONCE_UNKNOWN(403),
    /** The evidence's nonce has expired: the evidence is not fresh. */
    NONCE_EXPIRED(403),
    /** The evidence's nonce was already used: a replay. */
    NONCE_REUSED(403),
    /** The evidence is not signed by the key being certified. */
    EVIDENCE_SIGNATURE(403),
    /** The device belongs to a tenant this gateway's CA does not issue for. */
    WRONG_TENANT(403),
    /** The certificate authority failed to issue. */
    ISSUANCE_FAILED(500);

    private final int httpStatus;

    EnrollmentRefusal(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The status the EST relay answers with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The refusal for a request {@link io.palisade.core.pki.Csr#parse} rejected. */
    public static EnrollmentRefusal of(CsrRejectedException.Reason reason) {
        return switch (reason) {
            case MALFORMED -> MALFORMED_CSR;
            case BAD_SIGNATURE -> CSR_SIGNATURE;
            case UNSUPPORTED_KEY -> UNSUPPORTED_KEY;
        };
    }
}
