package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.Refusal;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.fixtures.DeviceClient;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.testing.pki.HeldCert;

/**
 * An operator cuts a device off ({@link MtlsProxy#cutOff}): it goes on the deny list and all its
 * live connections close within a second; other devices carry on, and the device cannot come back.
 */
class ClosesCutOffDeviceIT {

    @Test
    void liveConnectionsOfACutOffDeviceCloseWithinASecond() throws Exception {
        try (Gateway gw = Gateway.start()) {
            HeldCert cutOff = gw.pki.device().build();
            HeldCert other = gw.pki.device().build();
            try (DeviceClient a1 = new DeviceClient(gw.port(), cutOff, gw.server.root(), 65536);
                 DeviceClient a2 = new DeviceClient(gw.port(), cutOff, gw.server.root(), 65536);
                 DeviceClient b = new DeviceClient(gw.port(), other, gw.server.root(), 65536)) {
                await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.handshakes.size() == 3);

                DeviceId id = DeviceId.parse(cutOff.deviceId());
                assertThat(gw.proxy.cutOff(id)).isEqualTo(2);
                assertThat(gw.denyList.contains(id)).isTrue();

                a1.inputEnded().get(1, TimeUnit.SECONDS);
                a2.inputEnded().get(1, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(1)).until(() -> gw.proxy.connections() == 1);
                b.send(500, false);
                await().atMost(Duration.ofSeconds(5)).until(() -> b.received() == 500);
                await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.closes.size() == 2);
                assertThat(gw.events.closes).allSatisfy(c -> {
                    assertThat(c.device()).isEqualTo(id);
                    assertThat(c.reason()).isEqualTo(CloseReason.DEVICE_CUT_OFF);
                });
                assertThat(gw.proxy.closeDevice(id)).isZero();
                try (DeviceClient again = new DeviceClient(gw.port(), cutOff, gw.server.root(), 65536)) {
                    // TLS 1.3: the device finishes first, then gets the refusal as an alert.
                    again.inputEnded().handle((ended, alert) -> alert).get(5, TimeUnit.SECONDS);
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.refusals.size() == 1);
                assertThat(gw.events.refusals.get(0).certificateRefusal()).contains(Refusal.REVOKED);
            }
        }
    }
}
