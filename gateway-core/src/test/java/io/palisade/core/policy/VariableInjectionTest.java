package io.palisade.core.policy;

import static io.palisade.core.policy.Fixtures.compile;
import static io.palisade.core.policy.Fixtures.device;
import static io.palisade.core.policy.Fixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.MqttClause;
import io.palisade.core.policy.model.PathClause;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;

/** Registry values that would smuggle a wildcard, a separator or a traversal into a pattern. */
class VariableInjectionTest {

    private static final DeviceContext D = device("d1");

    private static final Policy SITE = Policy.of("site", Selector.EVERY_DEVICE, List.of(
            Rule.allow("site-telemetry").mqtt(MqttClause.publish("sites/${device.attr.site}/telemetry")).build(),
            Rule.allow("site-sensors").coap(PathClause.of(Set.of(), "/sites/${device.attr.site}/*")).build(),
            Rule.allow("site-api").to(EgressTarget.host("${device.attr.site}.api.example")).build()));

    @ParameterizedTest(name = "site \"{0}\": publish {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a/b        | sites/a/b/telemetry
            +          | sites/x/telemetry
            #          | sites/x/telemetry
            #          | sites/x/y/telemetry
            ..         | sites/../telemetry
            a..b       | sites/a..b/telemetry
            *          | sites/*/telemetry
            a\u0000b   | sites/a/telemetry
            ''         | sites//telemetry
            """)
    void anUnsafeValueMakesTheAllowRuleMatchNothing(String site, String topic) {
        CompiledPolicies p = compile(Map.of(D.id(), entry(Set.of(), Map.of("site", site))), SITE);
        Decision d = p.decide(D, new Request.MqttPublish(topic, 0));
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.matched()).isEmpty();
        assertThat(p.decide(D, new Request.CoapRequest("GET", List.of("sites", site, "x"))).allowed()).isFalse();
        assertThat(p.decide(D, new Request.CoapRequest("GET", List.of("sites", "x", "y"))).allowed()).isFalse();
        assertThat(p.explain(D, new Request.MqttPublish("sites/x/telemetry", 0)).nearMisses())
                .anySatisfy(n -> assertThat(n.why()).contains("rule unusable for this device").contains("${device.attr.site}"));
    }

    @ParameterizedTest(name = "site \"{0}\" in a host")
    @CsvSource(delimiter = '|', textBlock = """
            evil.com   | evil.com.api.example
            a:b        | a:b.api.example
            *          | x.api.example
            """)
    void aHostVariableFillsExactlyOneLabel(String site, String host) {
        CompiledPolicies p = compile(Map.of(D.id(), entry(Set.of(), Map.of("site", site))), SITE);
        assertThat(p.decide(D, Request.Connect.tcp(host, 443)).allowed()).isFalse();
    }

    @ParameterizedTest(name = "site \"{0}\" is fine")
    @CsvSource({"lyon", "Lyon-2", "b_3"})
    void aSafeValueMatchesAsALiteral(String site) {
        CompiledPolicies p = compile(Map.of(D.id(), entry(Set.of(), Map.of("site", site))), SITE);
        assertThat(p.decide(D, new Request.MqttPublish("sites/" + site + "/telemetry", 0)).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(p.decide(D, new Request.MqttPublish("sites/other/telemetry", 0)).outcome()).isEqualTo(Outcome.DENY);
        assertThat(p.decide(D, Request.Connect.tcp(site.toLowerCase() + ".api.example", 443)).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(p.decide(D, new Request.CoapRequest("post", List.of("sites", site, "t"))).outcome()).isEqualTo(Outcome.ALLOW);
    }

    @ParameterizedTest(name = "missing {0}")
    @CsvSource({"device.attr.site", "device.product", "device.firmware"})
    void anUnresolvedVariableMakesTheAllowRuleMatchNothing(String variable) {
        Policy p = Policy.of("p", Selector.EVERY_DEVICE, List.of(
                Rule.allow("r").mqtt(MqttClause.publish("x/${" + variable + "}", "plain")).build()));
        DeviceContext noProduct = new DeviceContext(D.id(), "acme", Optional.empty(), Optional.empty(), Optional.empty());
        CompiledPolicies c = compile(p);
        assertThat(c.decide(noProduct, new Request.MqttPublish("plain", 0)).outcome()).isEqualTo(Outcome.DENY);
    }

    @ParameterizedTest(name = "deny rule with site \"{0}\" fails closed")
    @CsvSource(delimiter = '|', textBlock = """
            +
            a/b
            ''
            """)
    void aDenyRuleWhoseVariableCannotBeFilledDeniesEveryRequestOfItsKinds(String site) {
        Policy p = Policy.of("p", Selector.EVERY_DEVICE, List.of(
                Rule.allow("all-devices").mqtt(MqttClause.publish("devices/#")).build(),
                Rule.allow("egress").to(EgressTarget.host("api.example")).build(),
                Rule.deny("site-admin").mqtt(MqttClause.publish("devices/${device.attr.site}/admin/#")).build()));
        CompiledPolicies c = compile(Map.of(D.id(), entry(Set.of(), Map.of("site", site))), p);
        Decision d = c.decide(D, new Request.MqttPublish("devices/x/admin/reset", 0));
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.ruleName()).isEqualTo("p/site-admin");
        assertThat(c.decide(D, new Request.MqttPublish("devices/x/status", 0)).outcome()).isEqualTo(Outcome.DENY);
        assertThat(c.decide(D, Request.Connect.tcp("api.example", 443)).outcome()).isEqualTo(Outcome.ALLOW);
    }
}
