package io.palisade.core.identity;

/** Thrown inside path checks to stop at the first failed check; turned into {@link Refused}. */
final class Violation extends Exception {
    private static final long serialVersionUID = 1L;

    private final Refusal reason;

    Violation(Refusal reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    Refused refused() {
        return new Refused(reason, getMessage());
    }
}
