package io.palisade.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.palisade.config.policy.PolicyLoader;
import io.palisade.config.policy.cases.RequestLine;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.CompiledPolicies;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.PolicyStore;
import io.palisade.core.policy.model.PolicySet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /explain} answers from the policy in force, as {@code palisade policy explain} does. */
class ExplainEndpointTest {

    static final String ID = "3f5c0b8e00000000000000000000000000000000000000000000000000000000";

    @TempDir
    Path dir;

    PolicySet set;
    AdminRoutes routes;

    @BeforeEach
    void policy() throws Exception {
        Files.writeString(dir.resolve("10-sensors.yaml"), """
                apiVersion: palisade/v1
                kind: DevicePolicy
                metadata:
                  name: sensors
                spec:
                  selector:
                    product: sensor
                  rules:
                    - name: telemetry
                      action: allow
                      mqtt:
                        publish: ["devices/${device.id}/telemetry"]
                """);
        set = new PolicySet(PolicyLoader.load(dir).orElseThrow(), io.palisade.core.policy.model.DeviceRegistry.EMPTY);
        PolicyStore store = PolicyStore.create(Clock.systemUTC());
        store.swap(set);
        routes = new AdminRoutes(() -> new GatewayStatus("s", "v", Instant.EPOCH, true, List.of(), 0, 0), () -> "", store);
    }

    @Test
    void textIsWhatPolicyExplainPrints() {
        AdminResponse r = routes.respond("GET", "/explain?device=" + ID + "&tenant=acme&product=sensor"
                + "&request=mqtt+publish+devices/" + ID + "/telemetry");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo(AdminResponse.TEXT);
        String cli = CompiledPolicies.compile(set, 1, Clock.systemUTC()).explain(
                DeviceContext.of(DeviceId.parse(ID), "acme", Optional.of("sensor")),
                RequestLine.parse("mqtt publish devices/" + ID + "/telemetry")).toString();
        assertThat(r.body()).isEqualTo(cli).startsWith("decision: ALLOW by sensors/telemetry (policy generation 1)");
    }

    @Test
    void jsonNamesTheDecisionTheRuleAndTheGeneration() {
        AdminResponse r = routes.respond("GET", "/explain?device=" + ID + "&tenant=acme&product=sensor"
                + "&request=mqtt%20publish%20devices%2Fother%2Ftelemetry&format=json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo(AdminResponse.JSON);
        JsonNode json = JsonMapper.builder().build().readTree(r.body());
        assertThat(json.path("decision").asString()).isEqualTo("deny");
        assertThat(json.path("allowed").asBoolean()).isFalse();
        assertThat(json.path("rule").asString()).isEqualTo("default");
        assertThat(json.path("generation").asLong()).isEqualTo(1);
        assertThat(json.path("device").path("product").asString()).isEqualTo("sensor");
        assertThat(json.path("policies").get(0).asString()).isEqualTo("sensors");
        assertThat(json.path("nearMisses").get(0).path("rule").asString()).isEqualTo("sensors/telemetry");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/explain?request=est+reenroll | device: missing",
            "/explain?device=XYZ&request=est+reenroll | device: XYZ (expected: a device id",
            "/explain?device=" + ID + " | request: missing (expected: ",
            "/explain?device=" + ID + "&request=mqtt+frobnicate+x | request: mqtt frobnicate x (expected: ",
            "/explain?device=" + ID + "&request=est+reenroll&color=red | parameter: color (expected: one of",
            "/explain?device=" + ID + "&device=" + ID + "&request=est+reenroll | parameter: device given twice",
            "/explain?device=" + ID + "&request=est+reenroll&format=xml | format: xml (expected: text or json)",
            "/explain?device=%zz | query: %zz (expected: URL-encoded text)"})
    void aBadRequestIs400SayingWhatWasExpected(String uri, String message) {
        AdminResponse r = routes.respond("GET", uri);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).startsWith(message);
    }

    @Test
    void withoutAPolicyEngineThereIsNoExplain() {
        AdminRoutes plain = new AdminRoutes(() -> null, () -> "");
        assertThat(plain.respond("GET", "/explain?device=" + ID).status()).isEqualTo(404);
        assertThat(routes.respond("POST", "/explain").status()).isEqualTo(405);
    }
}
