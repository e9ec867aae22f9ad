package io.palisade.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import javax.net.ssl.SSLSession;

import io.palisade.core.identity.DeviceIdentity;

/**
 * The identity {@link DeviceTrustManager} verified for a TLS session, kept as a session value so
 * that the pipeline picks it up once the handshake completes. It is read, never removed: with TLS
 * 1.2 several connections may resume one session at the same time, and each must find the identity
 * (the trust manager verified the device again for each resumption, or failed that handshake).
 *
 * @param identity the verified device
 * @param resumed  whether it was verified on resumption of an earlier session
 */
public record SessionIdentity(DeviceIdentity identity, boolean resumed) {

    static final String KEY = "io.palisade.proxy.identity";

    public SessionIdentity {
        requireNonNull(identity, "identity");
    }

    /** The identity verified for {@code session}, if the trust manager verified one. */
    public static Optional<SessionIdentity> of(SSLSession session) {
        return session != null && session.getValue(KEY) instanceof SessionIdentity s ? Optional.of(s) : Optional.empty();
    }

    void storeIn(SSLSession session) {
        session.putValue(KEY, this);
    }
}
