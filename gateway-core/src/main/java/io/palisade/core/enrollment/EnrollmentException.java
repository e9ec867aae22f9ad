package io.palisade.core.enrollment;

import static java.util.Objects.requireNonNull;

/** An approved request that the {@link Enroller} could not turn into a certificate. */
public final class EnrollmentException extends Exception {

    private final EnrollmentRefusal reason;

    public EnrollmentException(EnrollmentRefusal reason, String message, Throwable cause) {
        super(requireNonNull(reason, "reason") + ": " + requireNonNull(message, "message"), cause);
        this.reason = reason;
    }

    public EnrollmentException(EnrollmentRefusal reason, String message) {
        this(reason, message, null);
    }

    public EnrollmentRefusal reason() {
        return reason;
    }
}
