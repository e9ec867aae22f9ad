package io.palisade.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
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

    /**
     * The identity verified for {@code session}, for the connection that just completed its
     * handshake. The session keeps its value (with TLS 1.2 several connections may resume one
     * session at the same time, and each must find it).
     *
     * <p>The identity returned holds the session's own peer certificates wherever its chain has a
     * byte-identical certificate: the TLS engine keeps the chain the device presented for the life
     * of the connection, and the trust manager was handed a second, separately decoded copy of the
     * same bytes. Sharing one copy halves what an idle connection spends on certificates; the
     * identity is unchanged, since an X.509 certificate is its DER encoding (only equal encodings
     * are swapped; the trust anchor stays the configured instance all connections share). The
     * session's value is replaced by the sharing one too, or the session would keep the second
     * copy alive as long as the connection: a connection resuming the session at the same time
     * reads either value, and both name the same device with the same chain.
     */
    public static Optional<SessionIdentity> forConnection(SSLSession session) {
        return of(session).map(v -> {
            DeviceIdentity shared = sharingPeerCertificates(v.identity, session);
            if (shared == v.identity) {
                return v;
            }
            SessionIdentity connection = new SessionIdentity(shared, v.resumed);
            if (session.getValue(KEY) == v) { // not if a resumption stored its own meanwhile
                connection.storeIn(session); // the same device, so the trust manager's copies can go
            }
            return connection;
        });
    }

    private static DeviceIdentity sharingPeerCertificates(DeviceIdentity identity, SSLSession session) {
        Certificate[] presented;
        try {
            presented = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return identity;
        }
        List<X509Certificate> chain = new ArrayList<>(identity.chain());
        boolean shared = false;
        for (int i = 0; i < chain.size() - 1; i++) { // the trust anchor stays the configured instance
            X509Certificate held = chain.get(i);
            for (Certificate p : presented) {
                if (p != held && p instanceof X509Certificate same && same.equals(held)) { // equal DER encodings
                    chain.set(i, same);
                    shared = true;
                    break;
                }
            }
        }
        return shared ? new DeviceIdentity(identity.id(), identity.tenant(), identity.product(), chain,
                identity.notBefore(), identity.notAfter(), identity.attestation()) : identity;
    }

    void storeIn(SSLSession session) {
        session.putValue(KEY, this);
    }
}
