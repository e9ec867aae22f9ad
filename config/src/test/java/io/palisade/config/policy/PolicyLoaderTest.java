package io.palisade.config.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.config.ConfigProblem;
import io.palisade.config.LoadResult;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

    private static final String ID = "700c259fa53f37a560603957f70a4f89b20eda7904b53e800d7d7b18235b21c0";

    @TempDir
    Path dir;

    @Test
    void readsEveryYamlFileInNameOrderAndIgnoresTheRest() throws Exception {
        write("20-b.yaml", policy("b"));
        write("10-a.yaml", policy("a"));
        write(".30-hidden.yaml", "not: [valid");
        write("40-backup.yaml~", "not: [valid");
        write("50-notes.txt", "not: [valid");
        write("60-cases.yaml", "apiVersion: palisade/v1\nkind: PolicyTest\ncases: []\n");

        List<Policy> policies = PolicyLoader.load(dir).orElseThrow();

        assertThat(policies).extracting(Policy::name).containsExactly("a", "b");
        assertThat(PolicyLoader.testFiles(dir)).containsExactly(dir.resolve("60-cases.yaml"));
    }

    @Test
    void reportsTheProblemsOfEveryFileTogetherSortedByFileThenPosition() throws Exception {
        write("20-b.yaml", policy("b").replace("action: allow", "action: permit"));
        write("10-a.yaml", policy("a").replace("mode: enforce", "mode: dry-run").replace("[stable]", "[\"bad channel\"]"));

        List<String> problems = PolicyLoader.load(dir).problems().stream()
                .map(p -> p.toString().replace(dir + "/", "")).toList();

        assertThat(problems).containsExactly(
                "10-a.yaml:6:9: spec.mode: dry-run (expected: one of enforce, audit)",
                "10-a.yaml:11:28: spec.rules[0].updates.channels[0]: bad channel (expected: a channel name: letters, digits, '.', '_' and '-')",
                "20-b.yaml:10:15: spec.rules[0].action: permit (expected: one of allow, deny)");
    }

    @Test
    void aMissingDirectoryOrFileIsOneProblemNamingItAsGiven() {
        List<ConfigProblem> problems = PolicyLoader.load(Path.of("no-such-policies.d")).problems();

        assertThat(problems).extracting(ConfigProblem::toString).containsExactly("no-such-policies.d:1:1: (file): "
                + "no-such-policies.d (expected: readable YAML file; no such file)");
    }

    @Test
    void anEmptyDirectoryLoadsNoPolicyAndSoDeniesEverything() {
        assertThat(PolicyLoader.load(dir).orElseThrow()).isEmpty();
    }

    @Test
    void policiesAndRegistryLoadTogetherAndReportTogether() throws Exception {
        write("10-a.yaml", policy("a"));
        Path registry = write("devices.yml", "apiVersion: palisade/v1\nkind: DeviceRegistry\ndevices:\n  " + ID
                + ": {groups: [lab], attributes: {floor: 3}}\n");

        PolicySet set = PolicyLoader.load(dir, registry).orElseThrow();

        assertThat(set.policies()).hasSize(1);
        assertThat(set.registry().devices()).hasSize(1);
        assertThat(set.registry().devices().values().iterator().next().attributes()).containsEntry("floor", "3");
        write("20-b.yaml", policy("a"));
        LoadResult<PolicySet> broken = PolicyLoader.load(dir, dir.resolve("missing.yaml"));
        assertThat(broken.problems()).extracting(p -> p.toString().replace(dir + "/", "")).containsExactly(
                "20-b.yaml:4:9: metadata.name: a (expected: a name used once over all files; 10-a.yaml:4:9 has it too)",
                "20-b.yaml:9:13: spec.rules[0].name: r-a (expected: a rule name used once over all files; "
                        + "10-a.yaml:9:13 has it too)",
                "missing.yaml:1:1: (file): missing.yaml (expected: readable YAML file; no such file)");
    }

    @Test
    void templatesGiveRulesVarsAndLimitsAndThePolicyOverrides() throws Exception {
        write("10-base.yaml", "apiVersion: palisade/v1\nkind: PolicyTemplate\nmetadata: {name: base}\nspec:\n"
                + "  vars: {level: telemetry, other: x}\n"
                + "  rules:\n    - {name: up, action: allow, mqtt: {publish: [\"d/${device.id}/${vars.level}\"]}}\n"
                + "  limits: {connections: 4, bytesPerSecond: 64KiB}\n");
        write("20-p.yaml", "apiVersion: palisade/v1\nkind: DevicePolicy\nmetadata: {name: p}\nspec:\n"
                + "  extends: [base]\n  selector: {all: true}\n  vars: {level: events}\n  limits: {connections: 2}\n");

        Policy p = PolicyLoader.load(dir).orElseThrow().get(0);

        assertThat(p.vars()).containsEntry("level", "events").containsEntry("other", "x");
        assertThat(p.rules()).extracting(r -> r.name() + "@" + r.source().line()).containsExactly("up@7");
        assertThat(p.limits().connections()).hasValue(2);
        assertThat(p.limits().bytesPerSecond()).isEqualTo(OptionalLong.of(65536));
    }

    private static String policy(String name) {
        return "apiVersion: palisade/v1\nkind: DevicePolicy\nmetadata:\n  name: " + name + "\nspec:\n  mode: enforce\n"
                + "  selector: {product: acme-thermostat}\n  rules:\n"
                + "    - name: r-" + name + "\n      action: allow\n      updates: {channels: [stable]}\n";
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
