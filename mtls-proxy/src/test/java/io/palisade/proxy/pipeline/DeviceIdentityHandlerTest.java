package io.palisade.proxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.Refusal;
import io.palisade.core.identity.TenantTrust;
import io.palisade.proxy.DeviceAttributes;
import io.palisade.proxy.TlsEngine;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.RecordingEvents;
import io.palisade.proxy.fixtures.ServerIdentity;
import io.palisade.proxy.tls.DeviceTrustManager;
import io.palisade.proxy.tls.ServerTls;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

class DeviceIdentityHandlerTest {

    private final TestPki pki = TestPki.create("acme");
    private final DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder()
            .tenant(TenantTrust.of("acme", Set.of(pki.root().certificate()))).build();
    private final RecordingEvents events = new RecordingEvents();

    @ParameterizedTest
    @EnumSource(value = TlsEngine.class, names = {"BORINGSSL", "JDK"})
    void verifiedDeviceIsCarriedAsAnAttributeAndTheHandlerLeaves(TlsEngine engine) throws Exception {
        HeldCert device = pki.device().product("meter").build();
        EmbeddedTls tls = new EmbeddedTls(verifier, engine, device, events);
        try {
            tls.exchange();

            DeviceIdentity identity = tls.gateway.attr(DeviceAttributes.IDENTITY).get();
            assertThat(identity).isNotNull();
            assertThat(identity.id().value()).isEqualTo(device.deviceId());
            assertThat(identity.product()).contains("meter");
            assertThat(tls.gateway.pipeline().get(DeviceIdentityHandler.NAME)).isNull();
            assertThat(tls.events).containsExactly(new IdentityEstablished(identity));
            assertThat(events.handshakes).singleElement().satisfies(h -> assertThat(h.identity()).isEqualTo(identity));
            assertThat(events.refusals).isEmpty();
            assertThat(tls.live.closeDevice(identity.id(), io.palisade.proxy.events.CloseReason.DEVICE_CUT_OFF)).isEqualTo(1);
        } finally {
            tls.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsEngine.class, names = {"BORINGSSL", "JDK"})
    void refusedDeviceIsReportedOnceAndClosed(TlsEngine engine) throws Exception {
        HeldCert expired = pki.device().expired().build();
        EmbeddedTls tls = new EmbeddedTls(verifier, engine, expired, events);
        try {
            tls.exchange();

            assertThat(tls.gateway.isOpen()).isFalse();
            assertThat(tls.deviceErrors).as("the device gets a TLS alert").isNotEmpty();
            assertThat(tls.deviceErrors.get(0)).hasStackTraceContaining("alert")
                    .hasStackTraceContaining(engine == TlsEngine.JDK ? "certificate_unknown" : "internal_error");
            assertThat(tls.gateway.attr(DeviceAttributes.IDENTITY).get()).isNull();
            assertThat(tls.events).noneMatch(e -> e instanceof IdentityEstablished);
            assertThat(events.handshakes).isEmpty();
            assertThat(events.refusals).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(RefusalReason.CERTIFICATE);
                assertThat(r.certificateRefusal()).contains(Refusal.EXPIRED);
                assertThat(r.device().orElseThrow().value()).isEqualTo(expired.deviceId());
            });
        } finally {
            tls.close();
        }
    }

    @Test
    void deviceListedWhileItsHandshakeWasInFlightIsRefused() throws Exception {
        HeldCert device = pki.device().build();
        EmbeddedTls tls = new EmbeddedTls(verifier, TlsEngine.BORINGSSL, device, events);
        try {
            tls.denyList.add(io.palisade.core.identity.DeviceId.parse(device.deviceId()));

            tls.exchange();

            assertThat(tls.gateway.isOpen()).isFalse();
            assertThat(tls.gateway.attr(DeviceAttributes.IDENTITY).get()).isNull();
            assertThat(events.handshakes).isEmpty();
            assertThat(events.refusals).singleElement().satisfies(r -> {
                assertThat(r.certificateRefusal()).contains(Refusal.REVOKED);
                assertThat(r.detail()).contains("during its handshake");
            });
            assertThat(tls.live.size()).isZero();
        } finally {
            tls.close();
        }
    }

    @Test
    void handshakeWithoutAVerifiedIdentityIsRefused() throws Exception {
        ServerIdentity server = ServerIdentity.ecdsa();
        EmbeddedChannel ch = channel(ServerTls.context(server.keys().getPrivate(), server.chain(),
                new DeviceTrustManager(verifier), TlsEngine.JDK).newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT));

        ch.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);

        assertThat(ch.isOpen()).isFalse();
        assertThat(events.refusals).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(RefusalReason.TLS_HANDSHAKE));
        ch.finishAndReleaseAll();
    }

    @Test
    void bytesBeforeTheIdentityAreDroppedAndTheConnectionClosed() {
        EmbeddedChannel ch = channel();
        ByteBuf early = Unpooled.copiedBuffer("early", StandardCharsets.US_ASCII);

        ch.writeInbound(early);

        assertThat(early.refCnt()).isZero();
        assertThat(ch.isOpen()).isFalse();
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(events.refusals).hasSize(1);
    }

    @Test
    void deviceThatHalfClosesMidHandshakeIsRefusedAtOnce() {
        EmbeddedChannel ch = channel();

        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);

        assertThat(ch.isOpen()).isFalse();
        assertThat(events.refusals).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.TLS_HANDSHAKE);
            assertThat(r.detail()).contains("before the handshake completed");
        });
    }

    private EmbeddedChannel channel(io.netty.channel.ChannelHandler... before) {
        EmbeddedChannel ch = new EmbeddedChannel();
        new ConnectionContext("test", new InetSocketAddress("127.0.0.1", 40000), events, Clock.systemUTC()).attachTo(ch);
        ch.pipeline().addLast(before);
        ch.pipeline().addLast(DeviceIdentityHandler.NAME, new DeviceIdentityHandler(new LiveConnections(), io.palisade.core.revocation.DenyList.empty()));
        return ch;
    }
}
