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
