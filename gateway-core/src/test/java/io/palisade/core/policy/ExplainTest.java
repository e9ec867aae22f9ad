package io.palisade.core.policy;

import static io.palisade.core.policy.Fixtures.compile;
import static io.palisade.core.policy.Fixtures.device;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.palisade.core.policy.model.MqttClause;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;

class ExplainTest {

    private static final DeviceContext D = device("d1");
    private static final CompiledPolicies POLICIES = compile(
            Policy.of("thermostats", Selector.products("acme-thermostat"), List.of(
                    Rule.allow("telemetry-up").mqtt(MqttClause.publish("devices/${device.id}/telemetry").withQos(0, 1)).build(),
                    Rule.allow("events").mqtt(MqttClause.publish("devices/${device.id}/events/+")).build(),
                    Rule.allow("commands").mqtt(MqttClause.subscribe("devices/${device.id}/commands/#")).build())),
            Policy.of("valves", Selector.products("acme-valve"), List.of(
                    Rule.allow("status").mqtt(MqttClause.publish("devices/+/status")).build())));

    @Test
    void listsMatchedAndNearlyMatchedRulesWithWhy() {
        String id = D.id().value();
        Explanation e = POLICIES.explain(D, new Request.MqttPublish("devices/" + id + "/telemetry", 2));
        assertThat(e.decision().outcome()).isEqualTo(Outcome.DENY);
        assertThat(e.decision().generation()).isEqualTo(7);
        assertThat(e.policies()).containsExactly("thermostats");
        assertThat(e.nearMisses()).extracting(n -> n.rule().qualifiedName() + ": " + n.why()).containsExactly(
                "thermostats/telemetry-up: qos 2 not covered by the rule",
                "thermostats/events: topic devices/" + id + "/telemetry matches none of [devices/" + id + "/events/+]");
        assertThat(e.toString()).contains("decision: DENY by default (policy generation 7)", "nearly matched:");
    }

    @Test
    void namesRulesThatWouldMatchIfTheirPolicyApplied() {
        Explanation e = POLICIES.explain(D, new Request.MqttPublish("devices/x/status", 0));
        assertThat(e.nearMisses()).hasSize(3).extracting(NearMiss::toString).endsWith(
                "valves/status (<unknown>:0:0): would match, but the policy does not apply: selector: product acme-thermostat not in [acme-valve]");
    }

    @Test
    void theDecisionIsTheSameAsDecide() {
        Request r = new Request.MqttPublish("devices/" + D.id().value() + "/telemetry", 1);
        assertThat(POLICIES.explain(D, r).decision()).isEqualTo(POLICIES.decide(D, r));
    }
}
