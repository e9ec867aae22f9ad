package io.palisade.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code palisade policy check | explain | test} on the example site, and on copies of it broken on purpose. */
class PolicyCommandsTest {

    private static final Path EXAMPLES = Path.of("..", "config", "examples");
    private static final String THERMOSTAT = "700c259fa53f37a560603957f70a4f89b20eda7904b53e800d7d7b18235b21c0";

    @TempDir
    Path site;
    Path policies;

    @BeforeEach
    void copyTheExampleSite() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            for (Path from : files.sorted(Comparator.naturalOrder()).toList()) {
                Path to = site.resolve(EXAMPLES.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        policies = site.resolve("policies.d");
    }

    @Test
    void checkAcceptsTheExampleSiteAndRunsItsCases() {
        Cli.Result r = Cli.run("policy", "check", policies.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).containsPattern(": ok \\(\\d+ policies, \\d+ rules, 6 registry devices, 0 warnings, (\\d+)/\\1 test cases passed\\)");
    }

    @Test
    void checkRefusesABrokenFileWithItsPosition() throws IOException {
        Path file = policies.resolve("20-thermostats.yaml");
        Files.writeString(file, Files.readString(file).replace("cidr:", "cidr:").replace("ports: [443]}", "ports: [70000]}"));
        Cli.Result r = Cli.run("policy", "check", policies.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).containsPattern(java.util.regex.Pattern.quote(file.toString())
                + ":\\d+:\\d+: spec\\.rules\\[0\\]\\.to\\[0\\]\\.ports\\[0\\]: 70000 \\(expected: .*\\)");
    }

    @Test
    void checkWarnsOnAnAllowOfEveryTopicAndFailsWithStrict() throws IOException {
        Files.writeString(policies.resolve("50-too-wide.yaml"), """
                apiVersion: palisade/v1
                kind: DevicePolicy
                metadata: {name: too-wide}
                spec:
                  selector: {product: acme-thermostat}
                  rules:
                    - name: everything
                      action: allow
                      mqtt: {publish: ["#"]}
                """);
        Cli.Result lenient = Cli.run("policy", "check", policies.toString());
        assertThat(lenient.out()).contains("warning: ").contains("allow-any-topic");
        assertThat(Cli.run("policy", "check", "--strict", policies.toString()).exitCode()).isEqualTo(1);
    }

    @Test
    void explainNamesTheDecidingRuleAndWhereItIsWritten() {
        Cli.Result allowed = Cli.run("policy", "explain", "--policies", policies.toString(), "--device", THERMOSTAT,
                "--tenant", "acme", "--product", "acme-thermostat", "--attested-ago", "2h",
                "mqtt", "publish", "devices/" + THERMOSTAT + "/telemetry");
        assertThat(allowed.exitCode()).as(allowed.all()).isZero();
        assertThat(allowed.out()).startsWith("decision: ALLOW by thermostats/telemetry-up (policy generation 1)")
                .containsPattern("allow thermostats/telemetry-up \\(.*10-device-baseline\\.yaml:\\d+:\\d+\\)");

        Cli.Result rebinding = Cli.run("policy", "explain", "--policies", policies.toString(), "--device", THERMOSTAT,
                "--tenant", "acme", "--product", "acme-thermostat", "--attested-ago", "2h",
                "connect", "api.acme.example:443", "resolved", "10.1.2.3");
        assertThat(rebinding.exitCode()).isEqualTo(1);
        assertThat(rebinding.out()).startsWith("decision: DENY by lateral-movement/no-private-networks");

        Cli.Result quarantined = Cli.run("policy", "explain", "--policies", policies.toString(), "--device", THERMOSTAT,
                "--tenant", "acme", "--product", "acme-thermostat", "mqtt", "publish", "devices/" + THERMOSTAT + "/telemetry");
        assertThat(quarantined.exitCode()).isEqualTo(1);
        assertThat(quarantined.out()).contains("quarantined: ");
    }

    @Test
    void explainRefusesAMalformedRequestAsAUsageError() {
        Cli.Result r = Cli.run("policy", "explain", "--policies", policies.toString(), "mqtt", "frobnicate", "x");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void testPassesOnTheExampleCasesAndNamesAChangedCaseThatFails() throws IOException {
        Path cases = policies.resolve("policy-tests.yaml");
        Cli.Result pass = Cli.run("policy", "test", cases.toString());
        assertThat(pass.exitCode()).as(pass.all()).isZero();
        assertThat(pass.out()).containsPattern("(\\d+)/\\1 cases passed");

        String text = Files.readString(cases);
        int first = text.indexOf("expect: {decision: allow");
        Files.writeString(cases, text.substring(0, first) + "expect: {decision: deny" + text.substring(first + 24));
        int line = (int) text.substring(0, first).lines().count();
        Cli.Result fail = Cli.run("policy", "test", cases.toString());
        assertThat(fail.exitCode()).isEqualTo(1);
        assertThat(fail.err()).startsWith("FAIL " + cases).contains("expected deny");
        assertThat(fail.out()).containsPattern("(\\d+)/(\\d+) cases passed").doesNotContainPattern("(\\d+)/\\1 cases");
        assertThat(line).isPositive();
        assertThat(Cli.run("policy", "check", policies.toString()).exitCode()).isEqualTo(1);
    }

    @Test
    void gatewayCheckAlsoChecksThePoliciesItNames() {
        Cli.Result r = Cli.run("check", "-c", site.resolve("gateway.yaml").toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("policies.d: ok (");
    }
}
