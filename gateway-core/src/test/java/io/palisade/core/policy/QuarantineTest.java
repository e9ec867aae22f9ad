package io.palisade.core.policy;

import io.palisade.testing.MutableClock;
import static io.palisade.core.policy.Fixtures.NOW;
import static io.palisade.core.policy.Fixtures.device;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.palisade.core.identity.FirmwareDigest;
import io.palisade.core.policy.model.Limits;
import io.palisade.core.policy.model.MqttClause;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.Requirements;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;

/** require: attestedWithin — devices without a fresh attestation get only the quarantine policies. */
class QuarantineTest {

    private static final FirmwareDigest FW = FirmwareDigest.parse("sha256:" + "01".repeat(32));
    private static final Request TELEMETRY = new Request.MqttPublish("telemetry", 0);
    private static final Request BASELINE = new Request.MqttPublish("baseline", 0);
    private static final Request ATTEST = new Request.MqttPublish("attest", 0);

    private static final Policy THERMOSTATS = Policy.of("thermostats", Selector.products("acme-thermostat"),
            List.of(Rule.allow("telemetry").mqtt(MqttClause.publish("telemetry")).build()))
            .withRequire(Requirements.attestedWithin(Duration.ofHours(24))).withLimits(Limits.of(4, 20, null));
    private static final Policy BASE = Policy.of("baseline", Selector.EVERY_DEVICE,
            List.of(Rule.allow("baseline").mqtt(MqttClause.publish("baseline")).build()));
    private static final Policy QUARANTINE = Policy.of("quarantine", Selector.EVERY_DEVICE,
            List.of(Rule.allow("attest").mqtt(MqttClause.publish("attest")).build())).asQuarantine().withLimits(Limits.of(1, 1, 1024L));

    @ParameterizedTest(name = "attested {0} ago: telemetry {1}, baseline {2}, attest {3}")
    @CsvSource({"PT1H,true,true,false", "PT24H,true,true,false", "PT24H0.001S,false,false,true", "P30D,false,false,true",
            "-PT1H,true,true,false"})
    void aStaleAttestationQuarantinesTheDevice(Duration age, boolean telemetry, boolean baseline, boolean attest) {
        CompiledPolicies p = CompiledPolicies.compile(PolicySet.of(THERMOSTATS, BASE, QUARANTINE), 1, Fixtures.CLOCK);
        DeviceContext d = device("d1").attested(FW, NOW.minus(age));
        assertThat(p.decide(d, TELEMETRY).allowed()).isEqualTo(telemetry);
        assertThat(p.decide(d, BASELINE).allowed()).isEqualTo(baseline);
        assertThat(p.decide(d, ATTEST).allowed()).isEqualTo(attest);
        assertThat(p.limitsFor(d)).isEqualTo(attest ? Limits.of(1, 1, 1024L) : Limits.of(4, 20, null));
    }

    @Test
    void aDeviceWithoutAttestationIsQuarantinedAndTheReasonSaysWhy() {
        CompiledPolicies p = CompiledPolicies.compile(PolicySet.of(THERMOSTATS, BASE), 1, Fixtures.CLOCK);
        Decision d = p.decide(device("d1"), TELEMETRY);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.reason()).isEqualTo("device quarantined (policy thermostats requires an attestation within PT24H, "
                + "device has no attestation); no quarantine policy applies to it");
        assertThat(p.explain(device("d1"), TELEMETRY).quarantine()).isPresent();
    }

    @Test
    void aDeviceTheRequiringPolicyDoesNotSelectIsNotQuarantined() {
        CompiledPolicies p = CompiledPolicies.compile(PolicySet.of(THERMOSTATS, BASE, QUARANTINE), 1, Fixtures.CLOCK);
        DeviceContext valve = Fixtures.device("v1", "acme", "acme-valve");
        assertThat(p.decide(valve, BASELINE).allowed()).isTrue();
        assertThat(p.decide(valve, ATTEST).allowed()).isFalse();
    }

    @Test
    void theCachedViewLapsesWhenTheAttestationDoes() {
        MutableClock clock = new MutableClock(NOW);
        CompiledPolicies p = CompiledPolicies.compile(PolicySet.of(THERMOSTATS, QUARANTINE), 1, clock);
        DeviceContext d = device("d1").attested(FW, NOW.minus(Duration.ofHours(23)));
        assertThat(p.decide(d, TELEMETRY).allowed()).isTrue();
        clock.advance(Duration.ofMinutes(59));
        assertThat(p.decide(d, TELEMETRY).allowed()).isTrue();
        clock.advance(Duration.ofMinutes(1).plusMillis(1));
        assertThat(p.decide(d, TELEMETRY).allowed()).isFalse();
        assertThat(p.decide(d, ATTEST).allowed()).isTrue();
    }

    @Test
    void aNewCertificateForTheSameDeviceGetsAFreshView() {
        CompiledPolicies p = CompiledPolicies.compile(PolicySet.of(THERMOSTATS, QUARANTINE), 1, Fixtures.CLOCK);
        assertThat(p.decide(device("d1"), TELEMETRY).allowed()).isFalse();
        assertThat(p.decide(device("d1").attested(FW, NOW), TELEMETRY).allowed()).isTrue();
    }
}
