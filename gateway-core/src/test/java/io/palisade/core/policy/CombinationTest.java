package io.palisade.core.policy;

import static io.palisade.core.policy.Fixtures.compile;
import static io.palisade.core.policy.Fixtures.device;
import static io.palisade.core.policy.Fixtures.entry;
import static io.palisade.core.policy.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.palisade.core.policy.model.EstOperation;
import io.palisade.core.policy.model.Limits;
import io.palisade.core.policy.model.Mode;
import io.palisade.core.policy.model.MqttClause;
import io.palisade.core.policy.model.PathClause;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;

/** How rules and policies combine: deny overrides allow, default deny, audit mode, limits, other kinds. */
class CombinationTest {

    private static final DeviceContext D = device("d1");
    private static final Request TELEMETRY = new Request.MqttPublish("t/x", 1);

    private static Rule allowT(String name) {
        return Rule.allow(name).mqtt(MqttClause.publish("t/+")).build();
    }

    private static Rule denyT(String name) {
        return Rule.deny(name).mqtt(MqttClause.publish("t/x")).build();
    }

    @Test
    void denyOverridesAllowWhateverTheOrder() {
        Decision a = compile(Policy.of("p", Selector.EVERY_DEVICE, List.of(allowT("a"), denyT("d")))).decide(D, TELEMETRY);
        Decision b = compile(Policy.of("q", Selector.EVERY_DEVICE, List.of(denyT("d"))),
                Policy.of("p", Selector.EVERY_DEVICE, List.of(allowT("a")))).decide(D, TELEMETRY);
        assertThat(a.outcome()).isEqualTo(Outcome.DENY);
        assertThat(a.ruleName()).isEqualTo("p/d");
        assertThat(a.matched()).extracting(RuleRef::qualifiedName).containsExactly("p/d", "p/a");
        assertThat(b.outcome()).isEqualTo(Outcome.DENY);
        assertThat(b.ruleName()).isEqualTo("q/d");
        assertThat(b.reason()).contains("denied by q/d");
    }

    @Test
    void everyMatchedRuleIsNamedWithItsSource() {
        Decision d = compile(Policy.of("p", Selector.EVERY_DEVICE, List.of(allowT("a"),
                Rule.allow("b").mqtt(MqttClause.publish("t/#")).source(io.palisade.core.policy.model.SourceRef.of("p.yaml", 9, 7)).build())))
                .decide(D, TELEMETRY);
        assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(d.matched()).extracting(RuleRef::toString).containsExactlyInAnyOrder("p/a (<unknown>:0:0)", "p/b (p.yaml:9:7)");
    }

    @Test
    void nothingMatchesMeansDeny() {
        assertThat(compile().decide(D, TELEMETRY)).satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.DENY);
            assertThat(d.ruleName()).isEqualTo("default");
            assertThat(d.reason()).isEqualTo("no policy applies to the device");
        });
        Decision d = compile(Policy.of("p", Selector.EVERY_DEVICE, List.of(allowT("a")))).decide(D, new Request.MqttPublish("u", 0));
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.reason()).isEqualTo("no rule allows it");
    }

    @ParameterizedTest(name = "enforced {0}, audited {1}: {2} by {3}")
    @CsvSource(delimiter = '|', textBlock = """
            -       | -       | DENY  | default
            allow   | -       | ALLOW | e/a
            deny    | -       | DENY  | e/d
            allow   | deny    | AUDIT | audit/d
            allow   | allow   | ALLOW | e/a
            deny    | allow   | DENY  | e/d
            none    | allow   | DENY  | default
            none    | deny    | DENY  | default
            none    | none    | DENY  | default
            -       | allow   | ALLOW | audit/a
            -       | deny    | AUDIT | audit/d
            -       | none    | AUDIT | default
            """)
    void auditModeOnlyRelaxesWhatTheAuditedPolicyAloneWouldDeny(String enforced, String audited, Outcome outcome, String rule) {
        List<Policy> policies = new java.util.ArrayList<>();
        if (!enforced.equals("-")) {
            policies.add(Policy.of("e", Selector.EVERY_DEVICE, rules(enforced)));
        }
        if (!audited.equals("-")) {
            policies.add(Policy.of("audit", Selector.EVERY_DEVICE, rules(audited)).withMode(Mode.AUDIT));
        }
        Decision d = compile(policies.toArray(Policy[]::new)).decide(D, TELEMETRY);
        assertThat(d.outcome()).isEqualTo(outcome);
        assertThat(d.ruleName()).isEqualTo(rule);
        assertThat(d.allowed()).isEqualTo(outcome != Outcome.DENY);
    }

    private static List<Rule> rules(String kind) {
        return switch (kind) {
            case "allow" -> List.of(allowT("a"));
            case "deny" -> List.of(allowT("a"), denyT("d"));
            default -> List.of(Rule.allow("other").mqtt(MqttClause.publish("elsewhere")).build());
        };
    }

    @ParameterizedTest(name = "products {0}, groups {1}, tenants {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            -                                | -          | -           | true
            acme-thermostat                  | -          | -           | true
            acme-valve                       | -          | -           | false
            acme-valve acme-thermostat       | -          | -           | true
            acme-thermostat                  | lab        | -           | true
            acme-thermostat                  | basement   | -           | false
            acme-thermostat                  | basement lab | -         | true
            acme-thermostat                  | lab        | globex      | false
            -                                | -          | acme globex | true
            """)
    void selectorFieldsAndTogetherValuesOr(String products, String groups, String tenants, boolean selected) {
        Selector s = Selector.EVERY_DEVICE.withProducts(set(products)).withGroups(set(groups)).withTenants(set(tenants));
        CompiledPolicies p = compile(Map.of(D.id(), entry(Set.of("lab", "floor-1"), Map.of())),
                Policy.of("p", s, List.of(allowT("a"))));
        assertThat(p.decide(D, TELEMETRY).allowed()).isEqualTo(selected);
    }

    @Test
    void selectorByIdAndByFirmware() {
        var fw = io.palisade.core.identity.FirmwareDigest.parse("sha256:" + "ab".repeat(32));
        CompiledPolicies p = compile(Policy.of("ids", Selector.EVERY_DEVICE.withIds(Set.of(id("d1"))), List.of(allowT("a"))),
                Policy.of("fw", Selector.EVERY_DEVICE.withFirmware(Set.of(fw)), List.of(Rule.allow("b").mqtt(MqttClause.publish("fw")).build())));
        assertThat(p.decide(D, TELEMETRY).allowed()).isTrue();
        assertThat(p.decide(device("d2"), TELEMETRY).allowed()).isFalse();
        assertThat(p.decide(D, new Request.MqttPublish("fw", 0)).allowed()).isFalse();
        assertThat(p.decide(device("d2").attested(fw, Fixtures.NOW), new Request.MqttPublish("fw", 0)).allowed()).isTrue();
    }

    private static Set<String> set(String words) {
        return words.equals("-") ? Set.of() : Set.of(words.trim().split(" +"));
    }

    @Test
    void theMostRestrictiveLimitOfTheEnforcedPoliciesWins() {
        CompiledPolicies p = compile(
                Policy.of("a", Selector.EVERY_DEVICE, List.of()).withLimits(Limits.of(4, 20, null)),
                Policy.of("b", Selector.EVERY_DEVICE, List.of()).withLimits(Limits.of(8, 10, 65536L)),
                Policy.of("c", Selector.EVERY_DEVICE, List.of()).withLimits(Limits.of(1, 1, 1L)).withMode(Mode.AUDIT),
                Policy.of("other", Selector.products("valve"), List.of()).withLimits(Limits.of(1, 1, 1L)));
        assertThat(p.limitsFor(D)).isEqualTo(new Limits(OptionalInt.of(4), OptionalInt.of(10), OptionalLong.of(65536)));
        assertThat(compile().limitsFor(D)).isEqualTo(Limits.NONE);
    }

    @Test
    void otherKindsOfRequest() {
        CompiledPolicies p = compile(Policy.of("p", Selector.EVERY_DEVICE, List.of(
                Rule.allow("updates").updates("stable").build(),
                Rule.allow("renewal").est(EstOperation.REENROLL, EstOperation.CACERTS).build(),
                Rule.allow("sensors").coap(PathClause.of(Set.of("POST"), "/sensors/${device.id}/*")).build(),
                Rule.allow("api").http(PathClause.of(Set.of("GET"), "/api/v1/**")).build())));
        String id = D.id().value();
        assertThat(p.decide(D, new Request.UpdateRequest("stable")).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(p.decide(D, new Request.UpdateRequest("beta")).outcome()).isEqualTo(Outcome.DENY);
        assertThat(p.decide(D, new Request.EstRequest(EstOperation.REENROLL)).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(p.decide(D, new Request.EstRequest(EstOperation.ENROLL)).outcome()).isEqualTo(Outcome.DENY);
        assertThat(p.decide(D, new Request.CoapRequest("POST", List.of("sensors", id, "temp"))).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(p.decide(D, new Request.CoapRequest("GET", List.of("sensors", id, "temp"))).outcome()).isEqualTo(Outcome.DENY);
        assertThat(p.decide(D, new Request.CoapRequest("POST", List.of("sensors", id))).outcome()).isEqualTo(Outcome.DENY);
        assertThat(p.decide(D, new Request.CoapRequest("POST", List.of("sensors", id, ""))).outcome()).isEqualTo(Outcome.DENY);
        assertThat(p.decide(D, new Request.CoapRequest("POST", List.of("sensors", id, "a/b"))).reason()).startsWith("malformed");
        assertThat(p.decide(D, new Request.HttpRequest("GET", HttpPaths.segments("/api/v1/x/y?q=1").orElseThrow())).outcome())
                .isEqualTo(Outcome.ALLOW);
        assertThat(p.decide(D, new Request.HttpRequest("GET", HttpPaths.segments("/api/v1").orElseThrow())).outcome())
                .isEqualTo(Outcome.ALLOW);
        assertThat(p.decide(D, new Request.HttpRequest("GET", HttpPaths.segments("/api/v1/..%2F..%2Fadmin").orElseThrow())).outcome())
                .isEqualTo(Outcome.DENY);
        assertThat(p.decide(D, new Request.HttpRequest("GET", HttpPaths.segments("/api/v1/%2e%2e/admin").orElseThrow())).reason())
                .startsWith("malformed");
    }
}
