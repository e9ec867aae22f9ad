package io.palisade.proxy.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.proxy.connect.ConnectService;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.DeviceFiles;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.OpensslClient;

/**
 * A service listener hands each device to the service answering the ALPN protocol it agreed
 * ({@code openssl s_client -alpn}); a device without ALPN gets the default service, or is refused
 * when the listener has several services and no default; a protocol the gateway offers for
 * another listener is refused here. The services' ALPN ids join those of the builder.
 */
class SelectsServiceByAlpnIT {

    @TempDir
    Path dir;

    @Test
    void servicePickedByAlpnOrDefault() throws Exception {
        EchoService echo = new EchoService("echo", "x-echo");
        EchoService single = new EchoService("single");
        try (Gateway gw = Gateway.start(b -> b.alpnProtocols(List.of("mqtt"))
                .listener(new ServiceListener("multi", local(), List.of(ConnectService.create(), echo)))
                .listener(new ServiceListener("single", local(), List.of(single))))) {
            OpensslClient multi = new OpensslClient(gw.proxy.address("multi").getPort(), gw.server.root(), dir);
            OpensslClient alone = new OpensslClient(gw.proxy.address("single").getPort(), gw.server.root(), dir);
            List<String> device = DeviceFiles.write(dir, "dev", gw.pki.device().build()).clientArgs();

            OpensslClient.Result echoed = multi.exchange(with(device, "-alpn", "x-echo"), "hello\n");
            assertThat(echoed.stdout()).contains("hello");
            assertThat(echo.installs).singleElement().satisfies(c -> {
                assertThat(c.listener()).isEqualTo("multi");
                assertThat(c.applicationProtocol()).contains("x-echo");
                assertThat(c.device().id()).isEqualTo(c.identity().id());
            });

            OpensslClient.Result http = multi.exchange(with(device, "-alpn", "http/1.1"), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.stdout()).contains("HTTP/1.1 405 Method Not Allowed");

            multi.exchange(device, "nobody answers\n");
            multi.exchange(with(device, "-alpn", "mqtt"), "nobody answers\n");
            OpensslClient.Result byDefault = alone.exchange(device, "default\n");
            assertThat(byDefault.stdout()).contains("default");
            assertThat(single.installs).singleElement().satisfies(c -> assertThat(c.applicationProtocol()).isEmpty());

            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.refusals.size() == 3 && gw.events.closes.size() == 5);
            assertThat(gw.events.refusals).extracting(r -> r.reason()).containsOnly(RefusalReason.NOT_ADMITTED);
            assertThat(gw.events.refusals).extracting(r -> r.detail()).containsExactly(
                    "CONNECT: method GET (expected: CONNECT)",
                    "no ALPN protocol agreed and listener multi has no default service",
                    "ALPN mqtt: no service of listener multi answers it");
            assertThat(gw.events.handshakes).extracting(h -> h.applicationProtocol())
                    .containsExactly(Optional.of("x-echo"), Optional.of("http/1.1"), Optional.empty(), Optional.of("mqtt"), Optional.empty());
        }
    }

    private static InetSocketAddress local() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }
}
