package io.palisade.core.identity;

import static java.util.Objects.requireNonNull;

/** A device whose chain, key binding and tenant were all verified. */
public record Verified(DeviceIdentity identity) implements Verification {
    public Verified {
        requireNonNull(identity, "identity");
    }
}
