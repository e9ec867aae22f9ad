package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * What a selected device must also prove for a policy to apply ({@code require:}).
 *
 * <p>Quarantine: a device that a policy's selector selects but that fails the policy's
 * requirements is <em>quarantined</em>. A quarantined device gets only the policies marked
 * {@code quarantine: true} that select it, and none of the others (not even those it satisfies);
 * with no such policy, everything it asks is denied. A device is fresh when its certificate
 * carries an attestation made at most {@code attestedWithin} before now (an attestation dated in
 * the future counts as fresh; the certificate authority signed that date).
 *
 * @param attestedWithin the oldest attestation accepted, or empty for no attestation requirement
 */
public record Requirements(Optional<Duration> attestedWithin) {

    /** No requirement beyond the selector. */
    public static final Requirements NONE = new Requirements(Optional.empty());

    public Requirements {
        requireNonNull(attestedWithin, "attestedWithin");
        attestedWithin.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("attestedWithin: " + d + " (expected: > 0)");
            }
        });
    }

    /** An attestation at most {@code maxAge} old. */
    public static Requirements attestedWithin(Duration maxAge) {
        return new Requirements(Optional.of(requireNonNull(maxAge, "maxAge")));
    }

    /** Whether there is any requirement. */
    public boolean isEmpty() {
        return attestedWithin.isEmpty();
    }
}
