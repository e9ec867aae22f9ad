package io.palisade.proxy.pipeline;

import static java.util.Objects.requireNonNull;

import io.palisade.core.identity.DeviceIdentity;

/**
 * The user event that moves a connection from stage to stage once its device is known: fired by
 * {@link DeviceIdentityHandler}, passed on by {@link AdmissionHandler} only if it admits the
 * device, and acted on by the relay (which connects upstream). A stage that refuses swallows it.
 */
public record IdentityEstablished(DeviceIdentity identity) {
    public IdentityEstablished {
        requireNonNull(identity, "identity");
    }
}
