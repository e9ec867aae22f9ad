package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.events.ConnectionClosed;
import io.palisade.proxy.fixtures.DeviceFiles;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.OpensslClient;
import io.palisade.proxy.fixtures.ServerIdentity;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/**
 * A device with a good certificate, driven by the real {@code openssl s_client}, gets its bytes
 * echoed back through the gateway: on BoringSSL and on the JDK, with ECDSA and RSA server keys,
 * over TLS 1.3 and 1.2; the events tell who it was and how many bytes went each way.
 */
class RelaysVerifiedDeviceIT {

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (TlsEngine engine : List.of(TlsEngine.BORINGSSL, TlsEngine.JDK)) {
            for (String key : List.of("ecdsa", "rsa")) {
                cases.add(Arguments.of(engine, key, "-tls1_3", "TLSv1.3"));
                cases.add(Arguments.of(engine, key, "-tls1_2", "TLSv1.2"));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {3}")
    @MethodSource("cases")
    void relaysAndReports(TlsEngine engine, String key, String versionFlag, String protocol) throws Exception {
        ServerIdentity server = key.equals("rsa") ? ServerIdentity.rsa() : ServerIdentity.ecdsa();
        try (Gateway gw = Gateway.start(TestPki.create("acme"), server, Set.of(), b -> b.tlsEngine(engine))) {
            assertThat(gw.proxy.tlsEngine()).isEqualTo(engine);
            HeldCert device = gw.pki.device().product("thermostat").build();
            OpensslClient client = new OpensslClient(gw.port(), server.root(), dir);
            String line = "telemetry 21.5C from the boiler room\n";

            OpensslClient.Result result = client.exchange(
                    concat(DeviceFiles.write(dir, "dev", device).clientArgs(), versionFlag), line);

            assertThat(result.stdout()).as("stderr: %s", result.stderr()).contains(line);
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.closes.size() == 1);
            assertThat(gw.events.refusals).isEmpty();
            assertThat(gw.events.handshakes).singleElement().satisfies(h -> {
                assertThat(h.identity().id().value()).isEqualTo(device.deviceId());
                assertThat(h.identity().tenant()).isEqualTo("acme");
                assertThat(h.identity().product()).contains("thermostat");
                assertThat(h.protocol()).isEqualTo(protocol);
                assertThat(h.cipherSuite()).matches(protocol.equals("TLSv1.3") ? "TLS_(AES|CHACHA20).*" : "TLS_ECDHE_.*_(GCM|POLY1305)_.*");
                assertThat(h.resumed()).isFalse();
                assertThat(h.listener()).isEqualTo(Gateway.LISTENER);
            });
            ConnectionClosed closed = gw.events.closes.get(0);
            assertThat(closed.device().value()).isEqualTo(device.deviceId());
            assertThat(closed.bytesFromDevice()).isEqualTo(line.length());
            assertThat(closed.bytesToDevice()).isEqualTo(line.length());
            assertThat(closed.reason()).isIn(CloseReason.FINISHED, CloseReason.ERROR);
            assertThat(gw.proxy.connections()).isZero();
        }
    }

    private static List<String> concat(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

}
