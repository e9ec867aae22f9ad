package io.palisade.core.identity;

import static java.util.Objects.requireNonNull;

/**
 * A refusal: the {@link Refusal reason} and a detail for the audit log (which certificate, which
 * check). Never shown to the device.
 */
public record Refused(Refusal reason, String detail) implements Verification, ChainValidation {
    public Refused {
        requireNonNull(reason, "reason");
        requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
