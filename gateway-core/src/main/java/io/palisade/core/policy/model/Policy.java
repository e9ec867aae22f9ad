package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A device policy as an admin wrote it (one {@code kind: DevicePolicy} document): which devices
 * it is about, what they must prove, and the rules and limits that then apply to them.
 *
 * <p>Construction validates what does not depend on a device: rule names are unique within the
 * policy, every pattern parses, and every {@code ${vars.<key>}} names one of {@code vars} with a
 * value that fits where it is used (see {@link Template}). A quarantine policy cannot itself
 * carry {@code require} (it is what devices failing requirements get).
 *
 * @param name       letters, digits, {@code . _ -}; unique in a {@link PolicySet}
 * @param source     where the policy document starts
 * @param mode       enforce, or audit (a dry run, see {@link Mode})
 * @param selector   the devices the policy is about
 * @param require    what a selected device must prove, else it is quarantined (see {@link Requirements})
 * @param quarantine whether this policy applies to quarantined devices (and only to them)
 * @param vars       the policy's own constants, {@code ${vars.<key>}} in patterns
 * @param rules      the rules, order irrelevant
 * @param limits     per-device limits
 */
public record Policy(String name, SourceRef source, Mode mode, Selector selector, Requirements require,
                     boolean quarantine, Map<String, String> vars, List<Rule> rules, Limits limits) {

    public Policy {
        requireNonNull(name, "name");
        requireNonNull(source, "source");
        requireNonNull(mode, "mode");
        requireNonNull(selector, "selector");
        requireNonNull(require, "require");
        vars = Map.copyOf(requireNonNull(vars, "vars"));
        rules = List.copyOf(requireNonNull(rules, "rules"));
        requireNonNull(limits, "limits");
        if (!Rule.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("policy name: " + name + " (expected: letters, digits, . _ -)");
        }
        if (quarantine && !require.isEmpty()) {
            throw new IllegalArgumentException("policy " + name + ": quarantine with require (expected: no require on a quarantine policy)");
        }
        Set<String> names = new HashSet<>();
        for (Rule rule : rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("policy " + name + ": rule " + rule.name() + " at " + rule.source()
                        + " (expected: rule names unique within the policy)");
            }
            for (Template t : rule.templates()) {
                try {
                    t.bind(vars);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("policy " + name + ", rule " + rule.name() + " at " + rule.source()
                            + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** An enforced policy with no requirement, no vars and no limits (a start for tests and tools). */
    public static Policy of(String name, Selector selector, List<Rule> rules) {
        return new Policy(name, SourceRef.UNKNOWN, Mode.ENFORCE, selector, Requirements.NONE, false, Map.of(), rules, Limits.NONE);
    }

    public Policy withMode(Mode value) {
        return new Policy(name, source, value, selector, require, quarantine, vars, rules, limits);
    }

    public Policy withRequire(Requirements value) {
        return new Policy(name, source, mode, selector, value, quarantine, vars, rules, limits);
    }

    public Policy asQuarantine() {
        return new Policy(name, source, mode, selector, require, true, vars, rules, limits);
    }

    public Policy withVars(Map<String, String> value) {
        return new Policy(name, source, mode, selector, require, quarantine, value, rules, limits);
    }

    public Policy withLimits(Limits value) {
        return new Policy(name, source, mode, selector, require, quarantine, vars, rules, value);
    }
}
