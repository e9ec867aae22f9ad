package io.palisade.proxy.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.proxy.fixtures.Curl;
import io.palisade.proxy.fixtures.DeviceClient;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.HttpTarget;
import io.palisade.proxy.service.ServiceListener;

/**
 * A gateway built without a policy fails closed for services: every CONNECT is a 403 by the
 * default deny of generation 0, while its fixed route still relays verified devices as before.
 */
class RefusesEveryConnectWithoutPolicyIT {

    @TempDir
    Path dir;

    @Test
    void connectDeniedFixedRouteOpen() throws Exception {
        try (HttpTarget target = new HttpTarget();
             Gateway gw = Gateway.start(b -> b.listener(new ServiceListener("egress", new InetSocketAddress("127.0.0.1", 0),
                     List.of(ConnectService.create()))))) {
            Curl curl = new Curl(gw.server.root(), gw.pki.device().build(), dir);

            Curl.Result r = curl.fetch(gw.proxy.address("egress").getPort(), "http://127.0.0.1:" + target.port() + "/");

            assertThat(r.exitCode()).isEqualTo(56);
            assertThat(r.stderr()).contains("CONNECT tunnel failed, response 403");
            assertThat(target.requests()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.refusals.size() == 1);
            assertThat(gw.events.refusals.get(0).detail()).contains("denied by default (generation 0)");

            try (DeviceClient device = new DeviceClient(gw.port(), gw.pki.device().build(), gw.server.root(), 65536)) {
                device.send(1000, false);
                await().atMost(Duration.ofSeconds(5)).until(() -> device.received() == 1000);
            }
            assertThat(gw.events.refusals).hasSize(1);
        }
    }
}
