package io.palisade.core.enrollment;

import java.security.PublicKey;

import io.palisade.core.identity.DeviceIdentity;

/**
 * Whether a device may re-enroll with a new key. The device id is the hash of the key, so a new
 * key is a new device id: the old identity (proved by the TLS client certificate) vouches for
 * the new key (proved by the request's signature). Off by default: re-enrollment renews the
 * certificate of the key the device holds.
 */
@FunctionalInterface
public interface KeyRotationPolicy {

    /** Re-enrollment keeps the key. */
    KeyRotationPolicy NEVER = (current, newKey) -> false;

    /** Any device may move to a new key. */
    KeyRotationPolicy ALWAYS = (current, newKey) -> true;

    /** Whether {@code current} may move to {@code newKey}. */
    boolean allows(DeviceIdentity current, PublicKey newKey);
}
