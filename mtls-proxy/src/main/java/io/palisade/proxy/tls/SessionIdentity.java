package io.palisade.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import javax.net.ssl.SSLSession;

import io.palisade.core.identity.DeviceIdentity;

/**
 * The identity {@link DeviceTrustManager} verified for a TLS session, kept as a session value so
 * that the pipeline picks it up once the handshake completes.
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

    /**
     * The identity verified for {@code session}, removed from the session: the connection carries
     * it from here on, so the session (which a session cache may keep after the connection ends)
     * holds no device identity, and a later handshake that resumes it finds one only if the trust
     * manager verified the device again.
     */
    public static Optional<SessionIdentity> take(SSLSession session) {
        Optional<SessionIdentity> verified = of(session);
        verified.ifPresent(v -> session.removeValue(KEY));
        return verified;
    }

    void storeIn(SSLSession session) {
        session.putValue(KEY, this);
    }
}
