package io.palisade.config.policy;

import io.palisade.config.internal.Durations;
import io.palisade.core.policy.model.Limits;
import io.palisade.core.policy.model.Mode;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.Requirements;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads one {@code kind: DevicePolicy} document into the core's {@link Policy}: mode, selector,
 * require, quarantine, and the vars, rules and limits it has with those of its templates (see
 * {@link Inheritance}).
 */
final class PolicyReader {

    private PolicyReader() {
    }

    /**
     * The policy of {@code file}, or empty when a problem was reported (or left to the schema).
     *
     * @throws IllegalArgumentException when the model refuses the policy
     */
    static Optional<Policy> read(PolicyFile file, Inheritance inheritance) {
        JsonNode spec = file.spec();
        Optional<Selector> selector = SelectorReader.read(file);
        Optional<Requirements> require = require(file, spec.path("require"));
        boolean quarantine = spec.path("quarantine").asBoolean(false);
        if (quarantine && spec.has("require")) {
            file.report("spec.quarantine", "true", "no require on a quarantine policy (it is what devices that fail "
                    + "a require get)");
            return Optional.empty();
        }
        Mode mode = PolicyFile.text(spec.get("mode")).filter("audit"::equals).isPresent() ? Mode.AUDIT : Mode.ENFORCE;
        Map<String, String> vars = inheritance.vars(file);
        Optional<List<Rule>> rules = inheritance.rules(file);
        Optional<Limits> limits = inheritance.limits(file);
        Optional<String> name = file.name();
        if (name.isEmpty() || selector.isEmpty() || require.isEmpty() || rules.isEmpty() || limits.isEmpty()) {
            return Optional.empty();
        }
        // The model checks again (e.g. rule names unique within the policy); the loader reports a refusal.
        return Optional.of(new Policy(name.get(), file.ref("metadata.name"), mode, selector.get(), require.get(),
                quarantine, vars, rules.get(), limits.get()));
    }

    private static Optional<Requirements> require(PolicyFile file, JsonNode require) {
        Optional<String> within = PolicyFile.text(require.get("attestedWithin"));
        if (within.isEmpty()) {
            return require.has("attestedWithin") ? Optional.empty() : Optional.of(Requirements.NONE);
        }
        Optional<Duration> duration = Durations.parse(within.get());
        if (duration.isEmpty()) {
            file.report("spec.require.attestedWithin", within.get(), Durations.EXPECTED);
            return Optional.empty();
        }
        if (duration.get().isZero()) {
            file.report("spec.require.attestedWithin", within.get(), "a duration > 0");
            return Optional.empty();
        }
        return Optional.of(Requirements.attestedWithin(duration.get()));
    }
}
