package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.palisade.core.policy.PolicyStore;
import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.Limits;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;
import io.palisade.proxy.connect.ConnectService;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.DeviceClient;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.service.ServiceListener;
import io.palisade.testing.pki.HeldCert;

/**
 * A device whose policy says {@code limits: {connections: 2}} holds two connections at once,
 * counted over every listener of the gateway: its third (here on the CONNECT listener) is refused
 * as NOT_ADMITTED naming the limit, another device is not affected, and once it closes one
 * connection a new one gets in.
 */
class EnforcesPerDeviceConnectionLimitIT {

    @Test
    void thirdConnectionOfADeviceIsRefusedUntilOneCloses() throws Exception {
        PolicyStore store = PolicyStore.create(Clock.systemUTC());
        store.swap(PolicySet.of(Policy.of("sensors", Selector.EVERY_DEVICE,
                List.of(Rule.allow("vendor").to(EgressTarget.host("api.vendor.example")).build()))
                .withLimits(Limits.of(2, null, null))));
        try (Gateway gw = Gateway.start(b -> b.policy(store).listener(new ServiceListener("egress",
                new InetSocketAddress("127.0.0.1", 0), List.of(ConnectService.create()))))) {
            HeldCert device = gw.pki.device().build();
            int egress = gw.proxy.address("egress").getPort();
            DeviceClient first = echoing(gw, gw.port(), device);
            try (DeviceClient second = echoing(gw, gw.port(), device);
                 DeviceClient third = new DeviceClient(egress, device, gw.server.root(), 65536)) {
                third.inputEnded().get(5, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.refusals.size() == 1);
                ConnectionRefused refusal = gw.events.refusals.get(0);
                assertThat(refusal.reason()).isEqualTo(RefusalReason.NOT_ADMITTED);
                assertThat(refusal.listener()).isEqualTo("egress");
                assertThat(refusal.device().orElseThrow().value()).isEqualTo(device.deviceId());
                assertThat(refusal.detail()).contains("3 connections open", "connections limit 2", "generation 1");

                try (DeviceClient other = echoing(gw, gw.port(), gw.pki.device().build())) {
                    assertThat(gw.events.refusals).hasSize(1);
                }

                first.close();
                await().atMost(Duration.ofSeconds(5)).until(() -> gw.proxy.connections() == 1);
                try (DeviceClient again = echoing(gw, gw.port(), device)) {
                    assertThat(gw.events.refusals).hasSize(1);
                }
            }
        }
    }

    /** A connection of {@code device} that has relayed bytes both ways, so it is admitted and counted. */
    private static DeviceClient echoing(Gateway gw, int port, HeldCert device) throws Exception {
        DeviceClient client = new DeviceClient(port, device, gw.server.root(), 65536);
        client.send(100, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.received() == 100);
        return client;
    }
}
