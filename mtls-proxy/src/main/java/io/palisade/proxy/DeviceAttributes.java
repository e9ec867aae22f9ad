package io.palisade.proxy;

import io.netty.util.AttributeKey;
import io.palisade.core.identity.DeviceIdentity;

/**
 * What the data plane attaches to a device's channel, for the stages installed after it
 * (protocol adapters, policy). Set once, before the first application byte is delivered, and
 * never changed: a stage asks the channel, never anything the device says.
 */
public final class DeviceAttributes {

    /** The verified identity of the device on this channel; absent until its handshake verified. */
    public static final AttributeKey<DeviceIdentity> IDENTITY = AttributeKey.valueOf("palisade.deviceIdentity");

    private DeviceAttributes() {}
}
