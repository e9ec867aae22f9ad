package io.palisade.proxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Clock;

import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;
import io.palisade.core.identity.DeviceId;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.events.ProxyEvents;

class LiveConnectionsTest {

    private static final DeviceId A = DeviceId.parse("aa".repeat(32));
    private static final DeviceId B = DeviceId.parse("bb".repeat(32));

    private final LiveConnections live = new LiveConnections();

    @Test
    void closesEveryChannelOfOneDeviceOnly() {
        EmbeddedChannel a1 = channel(A);
        EmbeddedChannel a2 = channel(A);
        EmbeddedChannel b = channel(B);

        assertThat(live.closeDevice(A, CloseReason.DEVICE_CUT_OFF)).isEqualTo(2);

        assertThat(a1.isOpen()).isFalse();
        assertThat(a2.isOpen()).isFalse();
        assertThat(b.isOpen()).isTrue();
        assertThat(live.size()).isEqualTo(1);
        assertThat(live.closeDevice(A, CloseReason.DEVICE_CUT_OFF)).isZero();
    }

    @Test
    void closedChannelsLeaveAndCloseAllTakesTheRest() {
        EmbeddedChannel a = channel(A);
        EmbeddedChannel unidentified = new EmbeddedChannel();
        live.add(unidentified);

        a.close();

        assertThat(live.size()).isEqualTo(1);
        assertThat(live.closeDevice(A, CloseReason.DEVICE_CUT_OFF)).isZero();
        assertThat(live.closeAll(CloseReason.SHUTDOWN)).isEqualTo(1);
        assertThat(unidentified.isOpen()).isFalse();
        assertThat(live.size()).isZero();
    }

    private EmbeddedChannel channel(DeviceId device) {
        EmbeddedChannel ch = new EmbeddedChannel();
        new ConnectionContext("devices", new InetSocketAddress("127.0.0.1", 1), ProxyEvents.NONE, Clock.systemUTC()).attachTo(ch);
        live.add(ch);
        live.identify(device, ch);
        return ch;
    }
}
