package io.palisade.proxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.identity.Verified;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.Explanation;
import io.palisade.core.policy.PolicyEngine;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.model.Limits;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.RecordingEvents;
import io.palisade.testing.pki.TestPki;

/** The per-device connection limit, with the device's other connections filed in {@link LiveConnections}. */
class DeviceLimitHandlerTest {

    private static final DeviceIdentity IDENTITY = identity();
    private final RecordingEvents events = new RecordingEvents();
    private final LiveConnections live = new LiveConnections();
    private final List<Object> passed = new ArrayList<>();

    @ParameterizedTest(name = "limit {0}, {1} open → admitted {2}")
    @CsvSource({
            "0, 5, true",    // 0: the policy sets no limit
            "2, 1, true",
            "2, 2, true",
            "2, 3, false",
            "1, 2, false",
    })
    void admitsUpToTheLimit(int limit, int open, boolean admitted) {
        EmbeddedChannel ch = channel(new Engine(limit == 0 ? Limits.NONE : Limits.of(limit, null, null)));
        for (int i = 1; i < open; i++) {
            live.identify(IDENTITY.id(), new EmbeddedChannel());
        }
        live.identify(IDENTITY.id(), ch);

        ch.pipeline().fireUserEventTriggered(new IdentityEstablished(IDENTITY));

        assertThat(ch.isOpen()).isEqualTo(admitted);
        assertThat(passed).hasSize(admitted ? 1 : 0);
        if (admitted) {
            assertThat(ch.pipeline().get(DeviceLimitHandler.NAME)).as("removed itself").isNull();
        } else {
            assertThat(events.refusals).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(RefusalReason.NOT_ADMITTED);
                assertThat(r.detail()).isEqualTo("device " + IDENTITY.id() + " has " + open + " connections open (connections limit "
                        + limit + " of its policy, generation 3)");
            });
        }
    }

    @Test
    void aPolicyThatFailsRefuses() {
        EmbeddedChannel ch = channel(new Engine(null));
        ch.pipeline().fireUserEventTriggered(new IdentityEstablished(IDENTITY));
        assertThat(ch.isOpen()).isFalse();
        assertThat(events.refusals).singleElement().satisfies(r -> assertThat(r.detail()).startsWith("limits of the policy could not be read"));
    }

    private EmbeddedChannel channel(PolicyEngine policy) {
        EmbeddedChannel ch = new EmbeddedChannel();
        new ConnectionContext("plc", new InetSocketAddress("127.0.0.1", 40000), events, Clock.systemUTC()).attachTo(ch);
        ch.pipeline().addLast(DeviceLimitHandler.NAME, new DeviceLimitHandler(policy, live));
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                passed.add(evt);
            }
        });
        return ch;
    }

    /** Answers only limits (null: throws), at generation 3. */
    private record Engine(Limits limits) implements PolicyEngine {
        @Override
        public Decision decide(DeviceContext device, Request request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Limits limitsFor(DeviceContext device) {
            if (limits == null) {
                throw new IllegalStateException("broken");
            }
            return limits;
        }

        @Override
        public Explanation explain(DeviceContext device, Request request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long generation() {
            return 3;
        }
    }

    private static DeviceIdentity identity() {
        TestPki pki = TestPki.create("acme");
        DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder()
                .tenant(TenantTrust.of("acme", Set.of(pki.root().certificate()))).build();
        return ((Verified) verifier.verify(pki.device().build().chain())).identity();
    }
}
