package io.palisade.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.OpenSslEngine;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.proxy.TlsEngine;
import io.palisade.proxy.fixtures.ServerIdentity;
import io.palisade.testing.pki.TestPki;

class ServerTlsTest {

    @ParameterizedTest
    @EnumSource(value = TlsEngine.class, names = {"BORINGSSL", "JDK"})
    void offersOnlyAeadSuitesWithForwardSecrecy(TlsEngine engine) {
        ServerIdentity server = ServerIdentity.rsa();
        DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder()
                .tenant(TenantTrust.of("acme", Set.of(TestPki.create("acme").root().certificate()))).build();

        SslContext context = ServerTls.context(server.keys().getPrivate(), server.chain(), new DeviceTrustManager(verifier), engine);

        assertThat(ServerTls.engineOf(context)).isEqualTo(engine);
        assertThat(context.cipherSuites()).isNotEmpty().isSubsetOf(ServerTls.CIPHER_SUITES)
                .allMatch(s -> s.contains("GCM") || s.contains("CHACHA20_POLY1305"))
                .allMatch(s -> s.startsWith("TLS_AES") || s.startsWith("TLS_CHACHA20") || s.startsWith("TLS_ECDHE_"))
                .anyMatch(s -> s.contains("CHACHA20"));
        SSLEngine sslEngine = context.newEngine(ByteBufAllocator.DEFAULT);
        try {
            assertThat(sslEngine.getEnabledProtocols()).contains("TLSv1.3", "TLSv1.2").doesNotContain("TLSv1", "TLSv1.1", "SSLv3");
            assertThat(sslEngine.getNeedClientAuth()).isTrue();
        } finally {
            ReferenceCountUtil.release(sslEngine);
            ReferenceCountUtil.release(context);
        }
    }

    @Test
    void boringSslKeepsASmallReadSideWriteBufferPerConnection() {
        SslContext context = boringSslContext();

        assertThat(((ReferenceCountedOpenSslContext) context).getBioNonApplicationBufferSize())
                .isEqualTo(ServerTls.READ_SIDE_WRITE_BUFFER_BYTES);
        ReferenceCountUtil.release(context);
    }

    @Test
    void boringSslEnginesAreReleasedNotFinalized() {
        SslContext context = boringSslContext();

        SSLEngine sslEngine = context.newEngine(ByteBufAllocator.DEFAULT);

        // Netty's OpenSslEngine/OpenSslContext carry finalizers: every closed connection's engine
        // (and its session and certificates) would wait for the finalizer thread and be promoted.
        assertThat(sslEngine).isInstanceOf(ReferenceCountedOpenSslEngine.class).isNotInstanceOf(OpenSslEngine.class);
        assertThat(context).isNotInstanceOf(OpenSslContext.class);
        assertThat(((ReferenceCounted) sslEngine).release()).isTrue();
        assertThat(((ReferenceCounted) context).release()).isTrue();
    }

    private static SslContext boringSslContext() {
        ServerIdentity server = ServerIdentity.ecdsa();
        DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder()
                .tenant(TenantTrust.of("acme", Set.of(TestPki.create("acme").root().certificate()))).build();
        return ServerTls.context(server.keys().getPrivate(), server.chain(), new DeviceTrustManager(verifier), TlsEngine.BORINGSSL);
    }
}
