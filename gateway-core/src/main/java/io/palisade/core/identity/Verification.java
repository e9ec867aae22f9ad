package io.palisade.core.identity;

/**
 * The outcome of {@link DeviceIdentityVerifier#verify}: either {@link Verified} with the device's
 * identity, or {@link Refused} with a typed reason. Callers switch over it; there is no third case.
 */
public sealed interface Verification permits Verified, Refused {

    /** Whether the device was verified. */
    default boolean isVerified() {
        return this instanceof Verified;
    }
}
