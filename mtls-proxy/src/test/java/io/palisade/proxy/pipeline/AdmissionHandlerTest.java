package io.palisade.proxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.identity.Verified;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.Upstream;
import io.palisade.proxy.admission.AdmissionDecision;
import io.palisade.proxy.admission.DeviceAdmission;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.RecordingEvents;
import io.palisade.testing.pki.TestPki;

class AdmissionHandlerTest {

    private static final TcpRoute ROUTE = new TcpRoute("plc", new InetSocketAddress("127.0.0.1", 0), Upstream.of("historian", 502));

    private final RecordingEvents events = new RecordingEvents();
    private final List<Object> passed = new ArrayList<>();
    private final DeviceIdentity identity = identity();

    @Test
    void admittedDeviceGoesOnAndTheHandlerLeaves() {
        List<TcpRoute> asked = new ArrayList<>();
        EmbeddedChannel ch = channel((id, route) -> {
            asked.add(route);
            return AdmissionDecision.admit();
        });

        ch.pipeline().fireUserEventTriggered(new IdentityEstablished(identity));

        assertThat(asked).containsExactly(ROUTE);
        assertThat(passed).containsExactly(new IdentityEstablished(identity));
        assertThat(ch.pipeline().get(AdmissionHandler.NAME)).isNull();
        assertThat(ch.isOpen()).isTrue();
        assertThat(events.refusals).isEmpty();
    }

    @Test
    void refusedDeviceIsClosedWithTheRuleAsDetail() {
        EmbeddedChannel ch = channel((id, route) -> AdmissionDecision.refuse("default deny"));

        ch.pipeline().fireUserEventTriggered(new IdentityEstablished(identity));

        assertThat(passed).isEmpty();
        assertThat(ch.isOpen()).isFalse();
        assertThat(events.refusals).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.NOT_ADMITTED);
            assertThat(r.detail()).isEqualTo("default deny");
            assertThat(r.device()).contains(identity.id());
        });
    }

    @Test
    void failingDecisionRefuses() {
        EmbeddedChannel ch = channel((id, route) -> {
            throw new IllegalStateException("policy not loaded");
        });

        ch.pipeline().fireUserEventTriggered(new IdentityEstablished(identity));

        assertThat(ch.isOpen()).isFalse();
        assertThat(events.refusals).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.NOT_ADMITTED);
            assertThat(r.detail()).contains("policy not loaded");
        });
    }

    @Test
    void bytesBeforeTheDecisionAreDropped() {
        EmbeddedChannel ch = channel(DeviceAdmission.ALLOW_VERIFIED);
        ByteBuf early = Unpooled.copiedBuffer("early", StandardCharsets.US_ASCII);

        ch.writeInbound(early);

        assertThat(early.refCnt()).isZero();
        assertThat(passed).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void otherEventsPassUntouched() {
        EmbeddedChannel ch = channel(DeviceAdmission.ALLOW_VERIFIED);

        ch.pipeline().fireUserEventTriggered("something else");

        assertThat(passed).containsExactly("something else");
        assertThat(ch.pipeline().get(AdmissionHandler.NAME)).isNotNull();
    }

    private EmbeddedChannel channel(DeviceAdmission admission) {
        EmbeddedChannel ch = new EmbeddedChannel();
        new ConnectionContext("plc", new InetSocketAddress("127.0.0.1", 40000), events, Clock.systemUTC()).attachTo(ch);
        ch.pipeline().addLast(AdmissionHandler.NAME, new AdmissionHandler(admission, ROUTE));
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                passed.add(evt);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passed.add(msg);
            }
        });
        return ch;
    }

    private static DeviceIdentity identity() {
        TestPki pki = TestPki.create("acme");
        DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder()
                .tenant(TenantTrust.of("acme", Set.of(pki.root().certificate()))).build();
        return ((Verified) verifier.verify(pki.device().build().chain())).identity();
    }
}
