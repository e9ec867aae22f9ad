package io.palisade.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.palisade.proxy.UpstreamTls;

/** Client contexts towards upstreams: the upstream's certificate chain and host name are verified. */
public final class UpstreamTlsContexts {

    private UpstreamTlsContexts() {}

    /**
     * A client context for {@code tls}, on BoringSSL when available; reference counted like the
     * server's ({@link ServerTls#context}): release it when no new connection will use it.
     */
    public static SslContext client(UpstreamTls tls) {
        requireNonNull(tls, "tls");
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK)
                .trustManager(tls.trustAnchors())
                .endpointIdentificationAlgorithm("HTTPS")
                .protocols(ServerTls.PROTOCOLS)
                .ciphers(ServerTls.CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE);
        tls.clientKey().ifPresent(key -> builder.keyManager(key, tls.clientChain().toArray(new X509Certificate[0])));
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("upstream tls: " + e.getMessage() + " (expected: a usable client identity)", e);
        }
    }
}
