/**
 * Certificate enrollment as the gateway's EST relay (RFC 7030) decides it, before anything is
 * signed.
 *
 * <p>{@link io.palisade.core.enrollment.EnrollmentRules} judges {@code simpleenroll} (a device
 * holding a bootstrap or manufacturer certificate asks for its first device certificate) and
 * {@code simplereenroll} (a device renews the certificate it presents): the request parses and
 * proves possession of its key, policy allows the operation, a renewal keeps the device's key
 * unless a {@link io.palisade.core.enrollment.KeyRotationPolicy} allows a new one, the subject
 * agrees, and — where {@code require: attestedWithin} applies — the device presents fresh
 * {@link io.palisade.core.enrollment.AttestationEvidence}: its measured firmware digest signed with
 * the requested key over a single-use {@link io.palisade.core.enrollment.Nonce} from the
 * {@link io.palisade.core.enrollment.NonceIssuer}. Every refusal is typed
 * ({@link io.palisade.core.enrollment.EnrollmentRefusal}) with the HTTP status to answer: a
 * malformed request is a 400 with a reason, never a 500.
 *
 * <p>An {@link io.palisade.core.enrollment.Enroller} issues what was approved: the local CA in
 * standalone mode ({@link io.palisade.core.enrollment.LocalCaEnroller}), a cloud EST CA in RA mode.
 * Verified evidence becomes the certificate's attestation extension, which policy selectors and
 * requirements read.
 */
package io.palisade.core.enrollment;
