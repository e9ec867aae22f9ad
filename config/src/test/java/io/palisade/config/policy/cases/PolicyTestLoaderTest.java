package io.palisade.config.policy.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.config.policy.PolicyLoader;
import io.palisade.core.policy.Outcome;
import io.palisade.core.policy.model.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTestLoaderTest {

    private static final String ID = "700c259fa53f37a560603957f70a4f89b20eda7904b53e800d7d7b18235b21c0";
    private static final Path EXAMPLES = Path.of("../config/examples");

    @TempDir
    Path dir;

    @Test
    void exampleCasesLoadWithTheirPositions() {
        PolicyTests tests = PolicyTestLoader.load(EXAMPLES.resolve("policies.d/policy-tests.yaml")).orElseThrow();

        assertThat(tests.now()).contains(Instant.parse("2025-06-01T12:00:00Z"));
        PolicyTestCase first = tests.cases().get(0);
        assertThat(first.name()).isEqualTo("thermostat publishes its telemetry");
        assertThat(first.expect()).isEqualTo(new Expectation(Outcome.ALLOW, java.util.Optional.of("thermostats/telemetry-up")));
        assertThat(first.source().toString()).isEqualTo("../config/examples/policies.d/policy-tests.yaml:41:5");
    }

    @Test
    void reportsEveryProblemOfTheFileAtItsPosition() throws Exception {
        Path file = write("cases.yaml", "apiVersion: palisade/v1\nkind: PolicyTest\nnow: yesterday\n"
                + "devices:\n  lobby: {id: " + ID + ", tenant: acme, attestedAgo: 2 days}\n"
                + "cases:\n"
                + "  - device: loby\n    request: mqtt publish a/b\n    expect: {decision: allow}\n"
                + "  - device: {id: " + ID + ", tenant: acme}\n    request: ping gateway\n    expect: {decision: maybe}\n"
                + "  - device: {id: " + ID + ", tenant: acme, groups: [a]}\n    request: update stable\n    expect: {decision: deny}\n"
                + "  - device: {id: " + ID + ", tenant: acme, groups: [b]}\n    request: update stable\n    expect: {decision: deny}\n");

        assertThat(PolicyTestLoader.load(file).problems()).extracting(p -> p.toString().replace(dir + "/", ""))
                .containsExactly(
                        "cases.yaml:3:6: now: yesterday (expected: an ISO-8601 time in UTC, e.g. 2025-06-01T12:00:00Z)",
                        "cases.yaml:5:108: devices.lobby.attestedAgo: 2 days (expected: a duration: a whole number and a "
                                + "unit, ms, s, m or h (500ms, 10s, 5m, 2h))",
                        "cases.yaml:7:13: cases[0].device: loby (expected: a device named under devices; did you mean `lobby`?)",
                        "cases.yaml:11:14: cases[1].request: ping gateway (expected: a request; mqtt publish TOPIC [qos N], "
                                + "mqtt subscribe FILTER [qos N], connect HOST:PORT [udp] [resolved IP,IP], coap METHOD /PATH, "
                                + "http METHOD /PATH, update CHANNEL or est OPERATION)",
                        "cases.yaml:12:24: cases[1].expect.decision: maybe (expected: one of allow, deny, audit)",
                        "cases.yaml:16:13: cases[3].device: " + ID + " (expected: the same groups and attributes for a device "
                                + "id throughout the file; cases[2].device at 13:13 says otherwise)");
    }

    @Test
    void aFailingCaseNamesItsPositionWhatWasExpectedAndWhatHappened() throws Exception {
        PolicySet set = PolicyLoader.load(EXAMPLES.resolve("policies.d"), EXAMPLES.resolve("devices.yaml")).orElseThrow();
        Path file = write("cases.yaml", "apiVersion: palisade/v1\nkind: PolicyTest\ncases:\n"
                + "  - name: beta for the lobby\n    device: {id: " + ID + ", tenant: acme, product: acme-thermostat, attestedAgo: 1h}\n"
                + "    request: update beta\n    expect: {decision: allow, rule: thermostats/thermostat-firmware}\n"
                + "  - device: {id: " + ID + ", tenant: acme, product: acme-thermostat, attestedAgo: 1h}\n"
                + "    request: update stable\n    expect: {decision: allow, rule: thermostat-firmware}\n");

        List<PolicyTestResult> results = PolicyTestRunner.run(PolicyTestLoader.load(file).orElseThrow(), set, Clock.systemUTC());

        assertThat(results).extracting(PolicyTestResult::passed).containsExactly(false, true);
        assertThat(results.get(0).toString()).startsWith(file + ":4:5: beta for the lobby: expected allow by "
                + "thermostats/thermostat-firmware, got deny by default (");
        assertThat(results.get(1).toString()).isEqualTo(file + ":8:5: update stable: ok (allow by thermostats/thermostat-firmware)");
    }

    @Test
    void groupsWrittenInACaseReplaceTheRegistryEntry() throws Exception {
        PolicySet set = PolicyLoader.load(EXAMPLES.resolve("policies.d"), EXAMPLES.resolve("devices.yaml")).orElseThrow();
        String plc = "{id: " + ID + ", tenant: acme, product: plc-7, groups: [production], attributes: {line: \"4\"}}";
        Path file = write("cases.yaml", "apiVersion: palisade/v1\nkind: PolicyTest\ncases:\n"
                + "  - device: " + plc + "\n    request: mqtt publish lines/4/plc/" + ID + "/status\n"
                + "    expect: {decision: allow, rule: production-plcs/plc-status}\n");

        List<PolicyTestResult> results = PolicyTestRunner.run(PolicyTestLoader.load(file).orElseThrow(), set, Clock.systemUTC());

        assertThat(results).allMatch(PolicyTestResult::passed);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
