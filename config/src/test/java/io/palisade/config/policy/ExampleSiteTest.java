package io.palisade.config.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.config.LoadResult;
import io.palisade.core.policy.model.Mode;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.Rule;
import io.palisade.config.policy.cases.PolicyTestLoader;
import io.palisade.config.policy.cases.PolicyTestResult;
import io.palisade.config.policy.cases.PolicyTestRunner;
import io.palisade.config.policy.cases.PolicyTests;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example site in config/examples loads without a single problem. */
class ExampleSiteTest {

    static final Path EXAMPLES = Path.of("../config/examples");

    @Test
    void examplePoliciesAndRegistryLoadWithoutProblems() {
        LoadResult<PolicySet> result = PolicyLoader.load(EXAMPLES.resolve("policies.d"), EXAMPLES.resolve("devices.yaml"));

        assertThat(result.problems()).isEmpty();
        PolicySet set = result.orElseThrow();
        assertThat(set.policies()).extracting(Policy::name).containsExactly("thermostats", "cameras",
                "cameras-data-residency", "production-plcs", "quarantine", "certificates", "lateral-movement");
        assertThat(set.registry().devices()).hasSize(6);
    }

    @Test
    void exampleTestCasesAllPass() {
        PolicySet set = PolicyLoader.load(EXAMPLES.resolve("policies.d"), EXAMPLES.resolve("devices.yaml")).orElseThrow();
        PolicyTests tests = PolicyTestLoader.load(EXAMPLES.resolve("policies.d/policy-tests.yaml")).orElseThrow();

        List<PolicyTestResult> results = PolicyTestRunner.run(tests, set, Clock.systemUTC());

        assertThat(results).hasSize(31);
        assertThat(results).filteredOn(r -> !r.passed()).extracting(PolicyTestResult::toString).isEmpty();
    }

    @Test
    void policiesTakeOverTheirTemplatesRulesVarsAndLimits() {
        Policy thermostats = PolicyLoader.load(EXAMPLES.resolve("policies.d")).orElseThrow().get(0);

        assertThat(thermostats.rules()).extracting(Rule::name).containsExactly("telemetry-up", "commands-down",
                "vendor-api", "thermostat-firmware", "sensor-readings", "room-setpoint");
        assertThat(thermostats.rules().get(0).source().toString())
                .isEqualTo("../config/examples/policies.d/10-device-baseline.yaml:14:7");
        assertThat(thermostats.vars()).containsEntry("telemetry", "telemetry");
        assertThat(thermostats.limits().connections()).hasValue(4);
        assertThat(thermostats.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(thermostats.source().toString()).isEqualTo("../config/examples/policies.d/20-thermostats.yaml:5:9");
    }
}
