package io.palisade.core.policy;

import static io.palisade.core.policy.Fixtures.compile;
import static io.palisade.core.policy.Fixtures.device;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.palisade.core.policy.model.MqttClause;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;

/** The MQTT rules of the thermostats example in POLICY.md, for device d1 ({@code ID} below). */
class MqttDecisionsTest {

    private static final DeviceContext D1 = device("d1");
    private static final DeviceContext D2 = device("d2");
    private static final CompiledPolicies POLICIES = compile(Policy.of("thermostats", Selector.products("acme-thermostat"), List.of(
            Rule.allow("telemetry-up").mqtt(MqttClause.publish("devices/${device.id}/telemetry", "devices/${device.id}/events/+")
                    .withQos(0, 1)).build(),
            Rule.allow("commands-down").mqtt(MqttClause.subscribe("devices/${device.id}/commands/#")).build(),
            Rule.deny("no-secret").mqtt(MqttClause.subscribe("devices/${device.id}/commands/secret")).build())));

    @ParameterizedTest(name = "publish {0} qos {1}: {2} by {3}")
    @CsvSource(delimiter = '|', textBlock = """
            devices/ID/telemetry         | 0 | ALLOW | thermostats/telemetry-up
            devices/ID/telemetry         | 1 | ALLOW | thermostats/telemetry-up
            devices/ID/telemetry         | 2 | DENY  | default
            devices/ID/events/boot       | 1 | ALLOW | thermostats/telemetry-up
            devices/ID/events/           | 1 | ALLOW | thermostats/telemetry-up
            devices/ID/events            | 1 | DENY  | default
            devices/ID/events/boot/x     | 1 | DENY  | default
            devices/OTHER/telemetry      | 0 | DENY  | default
            devices/ID/telemetry/        | 0 | DENY  | default
            /devices/ID/telemetry        | 0 | DENY  | default
            Devices/ID/telemetry         | 0 | DENY  | default
            devices/ID/commands/reboot   | 0 | DENY  | default
            devices/+/telemetry          | 0 | DENY  | default
            devices/ID/#                 | 0 | DENY  | default
            """)
    void publish(String topic, int qos, Outcome outcome, String rule) {
        Decision d = POLICIES.decide(D1, new Request.MqttPublish(expand(topic), qos));
        assertThat(d.outcome()).isEqualTo(outcome);
        assertThat(d.ruleName()).isEqualTo(rule);
        assertThat(d.generation()).isEqualTo(7);
    }

    @ParameterizedTest(name = "subscribe {0}: {1} by {2}")
    @CsvSource(delimiter = '|', textBlock = """
            devices/ID/commands/#        | DENY  | thermostats/no-secret
            devices/ID/commands/+        | DENY  | thermostats/no-secret
            devices/ID/commands/+/x      | ALLOW | thermostats/commands-down
            devices/ID/commands/reboot/# | ALLOW | thermostats/commands-down
            devices/ID/commands          | ALLOW | thermostats/commands-down
            devices/ID/commands/reboot   | ALLOW | thermostats/commands-down
            devices/ID/commands/secret   | DENY  | thermostats/no-secret
            devices/ID/#                 | DENY  | thermostats/no-secret
            devices/+/commands/#         | DENY  | thermostats/no-secret
            devices/OTHER/commands/#     | DENY  | default
            #                            | DENY  | thermostats/no-secret
            $SYS/#                       | DENY  | default
            devices/ID/telemetry         | DENY  | default
            """)
    void subscribeAllowedOnlyWithinTheFilterAndNeverOverlappingADeny(String filter, Outcome outcome, String rule) {
        Decision d = POLICIES.decide(D1, new Request.MqttSubscribe(expand(filter), 1));
        assertThat(d.outcome()).isEqualTo(outcome);
        assertThat(d.ruleName()).isEqualTo(rule);
    }

    @ParameterizedTest(name = "malformed publish {0}")
    @CsvSource(delimiter = '|', textBlock = """
            devices/ID/+
            devices/ID/#
            devices/ID/tele\u0000metry
            ''
            """)
    void malformedTopicsAreDeniedWithAReason(String topic) {
        Decision d = POLICIES.decide(D1, new Request.MqttPublish(expand(topic), 0));
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.reason()).startsWith("malformed request: not an MQTT topic name");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"devices/ID/telemetry", "devices/ID/events/x"})
    void variablesAreFilledPerDevice(String topic) {
        assertThat(POLICIES.decide(D2, new Request.MqttPublish(topic.replace("ID", D2.id().value()), 0)).allowed()).isTrue();
        assertThat(POLICIES.decide(D2, new Request.MqttPublish(expand(topic), 0)).allowed()).isFalse();
    }

    private static String expand(String topic) {
        return topic.replace("ID", D1.id().value()).replace("OTHER", D2.id().value());
    }
}
