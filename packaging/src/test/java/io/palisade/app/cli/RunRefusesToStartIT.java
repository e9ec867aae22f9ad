package io.palisade.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code palisade run} does not start a gateway it cannot run as configured: an invalid file gets
 * every problem the way {@code palisade check} prints them; a valid file whose listeners or files
 * cannot be served gets every such problem; either way exit 1 and no listener bound.
 */
class RunRefusesToStartIT {

    @TempDir
    Path dir;

    @Test
    void anInvalidConfigurationIsReportedLikeCheckAndNothingStarts() throws Exception {
        Files.writeString(dir.resolve("gateway.yaml"), """
                apiVersion: palisade/v1
                kind: Gateway
                site: Site_A
                listeners:
                  - name: plc
                    bind: 127.0.0.1:70000
                    route: {to: historian.example}
                """);

        try (GatewayProcess gw = GatewayProcess.start(dir, "run", "-c", "gateway.yaml")) {
            assertThat(gw.awaitExit()).isEqualTo(1);
            assertThat(gw.stderr()).isEqualTo(String.join("\n",
                    "gateway.yaml:3:7: site: Site_A (expected: a DNS label: a-z, 0-9 and '-', 1-63 characters, not starting or ending with '-')",
                    "gateway.yaml:6:11: listeners[0].bind: 127.0.0.1:70000 (expected: port 0-65535)",
                    "gateway.yaml:7:17: listeners[0].route.to: historian.example (expected: HOST:PORT, e.g. 0.0.0.0:8443)",
                    "gateway.yaml: invalid, 3 problems"));
            assertThat(gw.stdout()).isEmpty();
        }
    }

    @Test
    void listenersThisBuildCannotServeAndABadDenyListAreAllNamed() throws Exception {
        Files.writeString(dir.resolve("deny.txt"), "# one typo must not let anyone in\nnot-a-device-id\n");
        Files.writeString(dir.resolve("gateway.yaml"), """
                apiVersion: palisade/v1
                kind: Gateway
                site: site-a
                state: state
                denyList: deny.txt
                listeners:
                  - name: devices
                    bind: 127.0.0.1:0
                    serve: [mqtt, coap]
                admin:
                  bind: 127.0.0.1:0
                """);

        try (GatewayProcess gw = GatewayProcess.start(dir, "run", "-c", "gateway.yaml")) {
            assertThat(gw.awaitExit()).isEqualTo(1);
            assertThat(gw.stderr().lines()).containsExactly(
                    "palisade: " + dir.resolve("deny.txt") + ":2: not-a-device-id (expected: a device id, 64 lowercase"
                            + " hex characters, one per line)",
                    "palisade: listeners[0] devices: serve: [mqtt, coap] (expected: services this build provides:"
                            + " connect, updates, est, mqtt; not available yet: coap)");
            assertThat(gw.json()).allSatisfy(n -> assertThat(n.path("event").asString()).isEqualTo("failed"));
            assertThat(gw.json()).noneSatisfy(n -> assertThat(n.path("event").asString()).isEqualTo("listening"));
        }
    }
}
