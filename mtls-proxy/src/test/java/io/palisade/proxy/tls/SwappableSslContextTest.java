package io.palisade.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.proxy.TlsEngine;
import io.palisade.proxy.fixtures.ServerIdentity;
import io.palisade.testing.pki.TestPki;

/** Replacing the server context while connections are accepted: the replaced one may be released at once. */
class SwappableSslContextTest {

    private final DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder()
            .tenant(TenantTrust.of("acme", Set.of(TestPki.create("acme").root().certificate()))).build();

    @Test
    void aReplacedContextCanBeReleasedAtOnceAndNewEnginesComeFromItsSuccessor() {
        SslContext first = context();
        SslContext second = context();
        SwappableSslContext swappable = new SwappableSslContext(first);
        SSLEngine before = swappable.newEngine(ByteBufAllocator.DEFAULT);

        ReferenceCountUtil.release(swappable.swap(second));
        SslHandler after = swappable.newHandler(ByteBufAllocator.DEFAULT);

        assertThat(((ReferenceCounted) first).refCnt()).isEqualTo(1); // only the engine made before still holds it
        assertThat(after.engine()).isInstanceOf(ReferenceCountedOpenSslEngine.class);
        assertThat(((ReferenceCounted) second).refCnt()).isEqualTo(2); // ours and the new engine's
        ReferenceCountUtil.release(before);
        ReferenceCountUtil.release(after.engine());
        assertThat(((ReferenceCounted) first).refCnt()).isZero();
        assertThat(((ReferenceCounted) second).release()).isTrue();
    }

    private SslContext context() {
        ServerIdentity server = ServerIdentity.ecdsa();
        return ServerTls.context(server.keys().getPrivate(), server.chain(), new DeviceTrustManager(verifier), TlsEngine.BORINGSSL);
    }
}
