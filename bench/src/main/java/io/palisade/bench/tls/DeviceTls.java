package io.palisade.bench.tls;

import java.io.File;
import java.net.InetSocketAddress;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * The load tools' side of mutual TLS: a device certificate (leaf then its CA, PEM), its key, the
 * CA that signed the terminator's certificate, one TLS version. BoringSSL when it loads, so that
 * the client's own crypto is as cheap as {@code openssl}'s.
 */
final class DeviceTls {

    private DeviceTls() {
    }

    static SslContext context(Flags flags) throws SSLException {
        return context(flags, null);
    }

    /** The same, trusting the terminator through {@code trust} (null: the CAs of {@code --ca}). */
    static SslContext context(Flags flags, TrustManager trust) throws SSLException {
        String version = flags.get("tls", "1.3");
        if (!version.equals("1.3") && !version.equals("1.2")) {
            throw new IllegalArgumentException("--tls: " + version + " (expected: 1.3 or 1.2)");
        }
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .keyManager(new File(flags.get("cert")), new File(flags.get("key")))
                .protocols("TLSv" + version);
        return (trust == null ? builder.trustManager(new File(flags.get("ca"))) : builder.trustManager(trust)).build();
    }

    /** {@code 127.0.0.1:9443} → an unresolved-free socket address. */
    static InetSocketAddress target(Flags flags) {
        String target = flags.get("target");
        int colon = target.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--target: " + target + " (expected: HOST:PORT)");
        }
        return new InetSocketAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
    }
}
