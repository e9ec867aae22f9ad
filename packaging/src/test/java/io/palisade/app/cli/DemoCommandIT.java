package io.palisade.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code palisade demo}, as the README's first command runs it: every step passes and it says so. */
class DemoCommandIT {

    @Test
    void everyStepPassesAndTheSummarySaysSo() {
        Cli.Result r = Cli.run("demo");
        assertThat(r.exitCode()).as(r.all()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("demo: \\d+ passed, 0 failed");
        assertThat(lines.subList(0, lines.size() - 1)).allSatisfy(l -> assertThat(l).startsWith("ok    "));
        assertThat(r.out()).contains("refused ID_NOT_BOUND_TO_KEY", "refused UNKNOWN_ISSUER", "refused EXPIRED",
                "refused REVOKED", "broken-gateway.yaml:14:11: listeners[0].bind", "→ 200, allowed by thermostats/echo-service",
                "→ 403 (default deny", "audit reason UNKNOWN_ISSUER");
        assertThat(lines).filteredOn(l -> l.startsWith("ok    mqtt telemetry: ")).singleElement().asString()
                .contains("/telemetry → through the gateway to the cloud broker", "received by the cloud app");
        assertThat(lines).filteredOn(l -> l.startsWith("ok    mqtt denied: ")).singleElement().asString()
                .contains("(another device's topic) → PUBACK NOT_AUTHORIZED");
        assertThat(lines).filteredOn(l -> l.startsWith("ok    mqtt command: ")).singleElement().asString()
                .contains("/commands/setpoint at the broker → delivered down to the device");
        assertThat(lines).filteredOn(l -> l.startsWith("ok    update download: ")).singleElement().asString()
                .contains("3 thermostats downloaded firmware 1.1", "origin fetches: 1");
        assertThat(lines).filteredOn(l -> l.startsWith("ok    certificate renewal: ")).singleElement().asString()
                .contains("EST simplereenroll with its own key → serial", "reconnected with it");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("demo: " + (lines.size() - 1) + " passed, 0 failed");
    }

    @Test
    void theLauncherRunsTheDemoFromTheBuiltJar() {
        String jar = System.getProperty("palisade.jar");
        assertThat(jar).as("failsafe passes palisade.jar").isNotNull();
        Processes.Result r = Processes.run(java.nio.file.Path.of("."), List.of("../bin/palisade", "demo"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("demo: \\d+ passed, 0 failed");
    }
}
