package io.palisade.config.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.config.ConfigProblem;
import io.palisade.config.LoadResult;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.Outcome;
import io.palisade.core.policy.PolicyStore;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.model.PolicySet;

/**
 * The reload contract end to end, from files: a policy directory that loads is swapped in; one that
 * then breaks is refused with file:line:col, counted, and the last good generation stays in force.
 */
class ReloadOfBrokenPolicyKeepsLastGoodTest {

    private static final DeviceId DEVICE = DeviceId.parse("ab".repeat(32));

    @TempDir
    Path dir;

    private static final String GOOD = """
            apiVersion: palisade/v1
            kind: DevicePolicy
            metadata: {name: sensors}
            spec:
              selector: {product: sensor}
              rules:
                - name: telemetry
                  action: allow
                  mqtt: {publish: ["devices/${device.id}/telemetry"]}
            """;

    private Optional<PolicySet> reload(PolicyStore store, Path registry) {
        LoadResult<PolicySet> result = PolicyLoader.load(dir.resolve("policies.d"), registry);
        if (result.isLoaded()) {
            store.swap(result.orElseThrow());
            return result.value();
        }
        List<String> problems = new ArrayList<>();
        result.problems().stream().map(ConfigProblem::toString).forEach(problems::add);
        store.reject(dir.resolve("policies.d").toString(), problems);
        return Optional.empty();
    }

    @Test
    void aBrokenReloadKeepsTheLastGoodGenerationAndSaysWhy() throws IOException {
        Path policies = Files.createDirectories(dir.resolve("policies.d"));
        Path registry = Files.writeString(dir.resolve("devices.yaml"), "apiVersion: palisade/v1\nkind: DeviceRegistry\ndevices: {}\n");
        Files.writeString(policies.resolve("10-sensors.yaml"), GOOD);
        PolicyStore store = PolicyStore.create(Clock.systemUTC());
        List<long[]> changes = new ArrayList<>();
        store.addListener((previous, current) -> changes.add(new long[] {previous.generation(), current.generation()}));

        assertThat(reload(store, registry)).isPresent();
        long good = store.current().generation();
        DeviceContext device = DeviceContext.of(DEVICE, "acme", Optional.of("sensor"));
        Request publish = new Request.MqttPublish("devices/" + DEVICE + "/telemetry", 1);
        assertThat(store.decide(device, publish).outcome()).isEqualTo(Outcome.ALLOW);

        Files.writeString(policies.resolve("10-sensors.yaml"), GOOD.replace("action: allow", "action: permit"));
        assertThat(reload(store, registry)).isEmpty();

        assertThat(store.current().generation()).isEqualTo(good);
        assertThat(store.decide(device, publish).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(store.rejections()).isEqualTo(1);
        assertThat(store.lastRejection()).hasValueSatisfying(r -> {
            assertThat(r.keptGeneration()).isEqualTo(good);
            assertThat(r.problems()).singleElement().asString().matches(".*10-sensors\\.yaml:8:\\d+: spec\\.rules\\[0\\]\\.action: permit \\(expected: .*\\)");
        });
        assertThat(changes).hasSize(1);
    }
}
