package io.palisade.config.policy.cases;

import static java.util.Objects.requireNonNull;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.CompiledPolicies;
import io.palisade.core.policy.PolicyEngine;
import io.palisade.core.policy.model.DeviceRegistry;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.RegistryEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs test cases against policies with the gateway's own engine: the policies are compiled as
 * the gateway compiles them, with the clock fixed at the file's {@code now} (or the run's time),
 * and with the registry entries that cases write for their devices in place of the site's.
 */
public final class PolicyTestRunner {

    private PolicyTestRunner() {
    }

    /** Runs {@code tests} against {@code policies}, judged at the file's {@code now} or else at {@code clock}'s time. */
    public static List<PolicyTestResult> run(PolicyTests tests, PolicySet policies, Clock clock) {
        requireNonNull(tests, "tests");
        requireNonNull(policies, "policies");
        requireNonNull(clock, "clock");
        Instant now = tests.now().orElseGet(clock::instant);
        PolicySet set = new PolicySet(policies.policies(), withCaseDevices(policies.registry(), tests));
        return run(tests, CompiledPolicies.compile(set, 0, Clock.fixed(now, ZoneOffset.UTC)), now);
    }

    /**
     * Runs {@code tests} against an engine as it stands (groups and attributes written in cases
     * are not applied: the engine's registry answers), judging attestation ages from {@code now}.
     */
    public static List<PolicyTestResult> run(PolicyTests tests, PolicyEngine engine, Instant now) {
        requireNonNull(tests, "tests");
        requireNonNull(engine, "engine");
        requireNonNull(now, "now");
        return tests.cases().stream()
                .map(c -> new PolicyTestResult(c, engine.decide(c.device().context(now), c.request())))
                .toList();
    }

    private static DeviceRegistry withCaseDevices(DeviceRegistry registry, PolicyTests tests) {
        Map<DeviceId, RegistryEntry> devices = new HashMap<>(registry.devices());
        for (PolicyTestCase c : tests.cases()) {
            TestDevice device = c.device();
            if (device.overridesRegistry()) {
                RegistryEntry listed = registry.entry(device.id());
                devices.put(device.id(), new RegistryEntry(device.groups().orElse(listed.groups()),
                        device.attributes().orElse(listed.attributes()), c.source()));
            }
        }
        return new DeviceRegistry(devices);
    }
}
