package io.palisade.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

import io.netty.handler.ssl.ResumableX509ExtendedTrustManager;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.Refused;
import io.palisade.core.identity.Verification;
import io.palisade.core.identity.Verified;

/**
 * Judges a device's client certificate chain during the TLS handshake with the gateway's
 * {@link DeviceIdentityVerifier}: a refusal fails the handshake (the device gets a TLS alert and
 * nothing else), a verified identity is stored in the handshake session as a
 * {@link SessionIdentity} for the pipeline to carry.
 *
 * <p>A resumed session skips certificate checks in TLS itself; Netty then calls
 * {@link #resumeClientTrusted}, which runs the verifier again on the chain the session
 * remembers, so a device revoked or deny-listed since its first handshake is refused on
 * resumption too. Only server-side {@link SSLEngine} checks are supported.
 *
 * <p>Every refusal fails the handshake with the same alert, whatever the reason, so a device
 * learns nothing about the gateway's trust: {@code certificate_unknown} from the JDK,
 * {@code internal_error} from BoringSSL (netty-tcnative maps any trust manager failure it does
 * not recognise to it).
 */
public final class DeviceTrustManager extends X509ExtendedTrustManager implements ResumableX509ExtendedTrustManager {

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private final Supplier<DeviceIdentityVerifier> verifier;

    public DeviceTrustManager(DeviceIdentityVerifier verifier) {
        requireNonNull(verifier, "verifier");
        this.verifier = () -> verifier;
    }

    /**
     * A trust manager that asks {@code verifier} for the verifier in force at each handshake, so
     * that reloaded trust (tenants, CRLs) applies to the next handshake without a new TLS context.
     */
    public DeviceTrustManager(Supplier<DeviceIdentityVerifier> verifier) {
        this.verifier = requireNonNull(verifier, "verifier");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        judge(chain, engine.getHandshakeSession(), false);
    }

    @Override
    public void resumeClientTrusted(X509Certificate[] chain, SSLEngine engine) throws CertificateException {
        judge(chain, engine.getSession(), true);
    }

    private void judge(X509Certificate[] chain, SSLSession session, boolean resumed) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        Verification verification = verifier.get().verify(List.copyOf(Arrays.asList(chain)));
        if (verification instanceof Refused refused) {
            throw new DeviceRefusedException(refused, claimedId(chain[0]));
        }
        if (session == null) {
            throw new CertificateException("no TLS session to carry the device identity");
        }
        new SessionIdentity(((Verified) verification).identity(), resumed).storeIn(session);
    }

    private static DeviceId claimedId(X509Certificate leaf) {
        try {
            return DeviceId.of(leaf.getPublicKey());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Empty: the gateway names no CAs in its certificate request, so it does not reveal its tenants. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("device identity needs the SSLEngine of the connection");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("device identity needs the SSLEngine of the connection");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("not a client-side trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("not a client-side trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a client-side trust manager");
    }

    @Override
    public void resumeServerTrusted(X509Certificate[] chain, SSLEngine engine) throws CertificateException {
        throw new CertificateException("not a client-side trust manager");
    }
}
