package io.palisade.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.palisade.proxy.TlsEngine;

/**
 * The device-facing TLS context: TLS 1.3 and 1.2 only, AEAD suites only, client certificate
 * required and judged by a {@link DeviceTrustManager}.
 */
public final class ServerTls {

    /** TLS versions offered to devices. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * Cipher suites, strongest first: the three TLS 1.3 AEAD suites, then ECDHE (forward secret)
     * with AES-GCM or ChaCha20-Poly1305 for TLS 1.2, for ECDSA and RSA server keys. No CBC, no
     * static RSA key exchange.
     */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /**
     * The most bytes of certificates a device may send (BoringSSL only; the JDK caps the chain at
     * {@code jdk.tls.maxCertificateChainLength} certificates): a chain of a few certificates needs
     * a few KiB, so a flood of look-alike intermediates is cut off before it is even parsed.
     */
    public static final int MAX_CERTIFICATE_LIST_BYTES = 32 * 1024;

    /**
     * Bytes BoringSSL may queue per connection for records it writes while the engine is reading
     * (the server's handshake flight, session tickets, alerts). netty-tcnative allocates this
     * buffer when the connection opens and keeps it until it closes, so an idle connection pays
     * for it all its life; Netty's default is 2 KiB. What does not fit is written on the next
     * wrap, straight into the outbound buffer: a handshake costs one more wrap, nothing else.
     */
    public static final int READ_SIDE_WRITE_BUFFER_BYTES = 256;

    private ServerTls() {}

    /**
     * Builds the server context for {@code engine}; BoringSSL for {@link TlsEngine#AUTO} when it loads.
     * A BoringSSL context is reference counted, and so is each of its engines: the
     * {@code SslHandler} releases its engine when the connection closes, and whoever built the
     * context releases it ({@code ReferenceCountUtil.release}) once no new connection will use it.
     * (Netty's finalizer-based variant would keep every closed connection's engine, session and
     * certificates alive until a finalizer ran, promoting them into the old generation.)
     */
    public static SslContext context(PrivateKey key, List<X509Certificate> chain, DeviceTrustManager trustManager,
                                     TlsEngine engine) {
        return context(key, chain, trustManager, engine, List.of());
    }

    /**
     * Builds the server context; {@code alpn} lists the application protocols offered, in order
     * of preference (none: no ALPN). A device that offers none of them still connects, with no
     * protocol selected.
     */
    public static SslContext context(PrivateKey key, List<X509Certificate> chain, DeviceTrustManager trustManager,
                                     TlsEngine engine, List<String> alpn) {
        requireNonNull(alpn, "alpn");
        requireNonNull(key, "key");
        requireNonNull(chain, "chain");
        requireNonNull(trustManager, "trustManager");
        SslProvider provider = provider(requireNonNull(engine, "engine"));
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(key, chain.toArray(new X509Certificate[0]));
            if (!alpn.isEmpty()) {
                builder.applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                        SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, alpn));
            }
            if (provider == SslProvider.OPENSSL_REFCNT) {
                builder.option(OpenSslContextOption.MAX_CERTIFICATE_LIST_BYTES, MAX_CERTIFICATE_LIST_BYTES);
            }
            SslContext context = builder.sslProvider(provider)
                    .trustManager(trustManager)
                    .clientAuth(ClientAuth.REQUIRE)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
            if (context instanceof ReferenceCountedOpenSslContext openssl) {
                openssl.setBioNonApplicationBufferSize(READ_SIDE_WRITE_BUFFER_BYTES);
            }
            return context;
        } catch (SSLException e) {
            throw new IllegalArgumentException("serverIdentity: " + chain.get(0).getSubjectX500Principal().getName()
                    + " (expected: a key and chain the TLS engine accepts): " + e.getMessage(), e);
        }
    }

    /** Which engine {@code context} runs on. */
    public static TlsEngine engineOf(SslContext context) {
        return context instanceof ReferenceCountedOpenSslContext ? TlsEngine.BORINGSSL : TlsEngine.JDK;
    }

    private static SslProvider provider(TlsEngine engine) {
        return switch (engine) {
            case JDK -> SslProvider.JDK;
            case BORINGSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("tlsEngine: BORINGSSL (expected: netty-tcnative loadable on this machine): "
                            + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL_REFCNT;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;
        };
    }
}
