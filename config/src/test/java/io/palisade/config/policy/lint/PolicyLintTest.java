package io.palisade.config.policy.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.config.policy.PolicyLoader;
import io.palisade.core.policy.model.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLintTest {

    private static final String ID = "700c259fa53f37a560603957f70a4f89b20eda7904b53e800d7d7b18235b21c0";
    private static final String REGISTRY = "apiVersion: palisade/v1\nkind: DeviceRegistry\ndevices:\n  " + ID
            + ":\n    groups: [floor-1]\n    attributes: {room: lobby}\n";
    private static final String DENY_ALL = "apiVersion: palisade/v1\nkind: DevicePolicy\nmetadata: {name: site-denies}\n"
            + "spec:\n  selector: {all: true}\n  rules:\n"
            + "    - {name: no-private, action: deny, to: [{cidr: 10.0.0.0/8}]}\n"
            + "    - {name: no-commands, action: deny, mqtt: {publish: [\"devices/+/commands/#\"]}}\n"
            + "    - {name: no-debug, action: deny, est: [fullcmc], coap: {paths: [\"/debug/**\"]}}\n";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "allow every IPv4 address | {name: r, action: allow, to: [{cidr: 0.0.0.0/0, ports: [443]}]} | allow-any-address",
        "allow every IPv6 address | {name: r, action: allow, to: [{cidr: '::/0'}]} | allow-any-address",
        "publish to # | {name: r, action: allow, mqtt: {publish: ['#']}} | allow-any-topic",
        "subscribe to +/# | {name: r, action: allow, mqtt: {subscribe: ['+/#']}} | allow-any-topic",
        "attribute nobody has | {name: r, action: allow, mqtt: {publish: ['rooms/${device.attr.floor}/x']}} | missing-attribute",
        "allow inside a denied network | {name: r, action: allow, to: [{cidr: 10.1.0.0/16, ports: [443]}]} | shadowed-allow",
        "allow a command topic the site denies | {name: r, action: allow, mqtt: {publish: ['devices/${device.id}/commands/x']}} | shadowed-allow",
        "allow a debug path the site denies | {name: r, action: allow, coap: {methods: [GET], paths: ['/debug/a/*']}} | shadowed-allow",
    })
    void warnsAbout(String what, String rule, String code) throws Exception {
        List<LintWarning> warnings = lint(policy("selector: {all: true}", rule));

        assertThat(warnings).extracting(LintWarning::code).containsExactly(code);
        assertThat(warnings.get(0).source().toString()).isEqualTo(dir.resolve("p/20-policy.yaml") + ":8:7");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a named network | {name: r, action: allow, to: [{cidr: 203.0.113.0/24}]}",
        "own topics | {name: r, action: allow, mqtt: {publish: ['devices/${device.id}/#']}}",
        "an attribute the device has | {name: r, action: allow, mqtt: {publish: ['rooms/${device.attr.room}/x']}}",
        "a host, where the deny names a network | {name: r, action: allow, to: [{host: api.example.com}]}",
        "a network wider than the deny | {name: r, action: allow, to: [{cidr: 10.0.0.0/7, ports: [443]}]}",
        "a deny that covers only some of the allow | {name: r, action: allow, est: [fullcmc, reenroll]}",
        "commands subscribed, not published | {name: r, action: allow, mqtt: {subscribe: ['devices/${device.id}/commands/#']}}",
    })
    void staysQuietAbout(String what, String rule) throws Exception {
        assertThat(lint(policy("selector: {all: true}", rule))).isEmpty();
    }

    @Test
    void warnsAboutAPolicyWhoseGroupsNoDeviceIsIn() throws Exception {
        List<LintWarning> warnings = lint(policy("selector: {groups: [floor-9]}",
                "{name: r, action: allow, updates: {channels: [stable]}}"));

        assertThat(warnings).extracting(LintWarning::toString).containsExactly(dir.resolve("p/20-policy.yaml")
                + ":4:9: warning: policy p selects groups [floor-9], but no device in the registry is in them: "
                + "it applies to no device [no-matching-device]");
    }

    @Test
    void aDenyOfAnAuditedPolicyShadowsNothing() throws Exception {
        String audited = DENY_ALL.replace("selector: {all: true}", "mode: audit\n  selector: {all: true}");
        assertThat(lint(audited, policy("selector: {all: true}",
                "{name: r, action: allow, to: [{cidr: 10.1.0.0/16, ports: [443]}]}"))).isEmpty();
    }

    @Test
    void theExampleSiteHasNoWarnings() {
        PolicySet set = PolicyLoader.load(Path.of("../config/examples/policies.d"),
                Path.of("../config/examples/devices.yaml")).orElseThrow();

        assertThat(PolicyLint.lint(set)).isEmpty();
    }

    private static String policy(String selector, String rule) {
        return "apiVersion: palisade/v1\nkind: DevicePolicy\nmetadata:\n  name: p\nspec:\n  " + selector + "\n  rules:\n    - "
                + rule + "\n";
    }

    private List<LintWarning> lint(String policy) throws Exception {
        return lint(DENY_ALL, policy);
    }

    private List<LintWarning> lint(String denies, String policy) throws Exception {
        Path policies = Files.createDirectories(dir.resolve("p"));
        Files.writeString(policies.resolve("10-denies.yaml"), denies);
        Files.writeString(policies.resolve("20-policy.yaml"), policy);
        Path registry = Files.writeString(dir.resolve("devices.yaml"), REGISTRY);
        return PolicyLint.lint(PolicyLoader.load(policies, registry).orElseThrow());
    }
}
