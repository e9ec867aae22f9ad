package io.palisade.config.policy.lint;

import static java.util.Objects.requireNonNull;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.model.Action;
import io.palisade.core.policy.model.Cidr;
import io.palisade.core.policy.model.DeviceRegistry;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.RegistryEntry;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;
import io.palisade.core.policy.model.Template;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds what is valid but probably a mistake in a set of policies: allow rules on every address
 * or every topic, policies whose groups no registered device is in, rules that need a registry
 * attribute no selectable device has, and allow rules that deny rules always override (see
 * {@link Shadowing}). A pure function of the model: no files, no engine.
 */
public final class PolicyLint {

    private static final String ATTR = "device.attr.";

    private PolicyLint() {
    }

    /** Every warning about {@code set}, sorted by file and position. */
    public static List<LintWarning> lint(PolicySet set) {
        requireNonNull(set, "set");
        List<LintWarning> warnings = new ArrayList<>();
        for (Policy policy : set.policies()) {
            List<Map.Entry<DeviceId, RegistryEntry>> candidates = candidates(policy.selector(), set.registry());
            if (!policy.selector().groups().isEmpty() && candidates.isEmpty()) {
                warnings.add(new LintWarning(policy.source(), LintWarning.NO_MATCHING_DEVICE, "policy " + policy.name()
                        + " selects groups " + sorted(policy.selector().groups()) + (policy.selector().ids().isEmpty() ? ""
                        : " and ids") + ", but no device in the registry is in them: it applies to no device"));
            }
            for (Rule rule : policy.rules()) {
                broadAllows(policy, rule, warnings);
                missingAttributes(policy, rule, candidates, warnings);
                Shadowing.shadowingDenies(set, policy, rule).ifPresent(denies -> warnings.add(new LintWarning(rule.source(),
                        LintWarning.SHADOWED_ALLOW, "allow rule " + policy.name() + "/" + rule.name()
                        + " never allows anything: deny " + denies + " always override" + (denies.contains(",") ? "" : "s") + " it")));
            }
        }
        warnings.sort(Comparator.comparing((LintWarning w) -> w.source().file()).thenComparingInt(w -> w.source().line())
                .thenComparingInt(w -> w.source().column()).thenComparing(LintWarning::code));
        return warnings.stream().distinct().toList();
    }

    private static void broadAllows(Policy policy, Rule rule, List<LintWarning> warnings) {
        if (rule.action() != Action.ALLOW) {
            return;
        }
        String name = policy.name() + "/" + rule.name();
        rule.to().stream().flatMap(t -> t.cidr().stream()).filter(c -> c.prefixLength() == 0).map(Cidr::toString)
                .findFirst().ifPresent(c -> warnings.add(new LintWarning(rule.source(), LintWarning.ALLOW_ANY_ADDRESS,
                        "allow rule " + name + " allows every " + (c.contains(":") ? "IPv6" : "IPv4") + " address ("
                        + (c.contains(":") ? "::/0" : "0.0.0.0/0") + "); name the networks the devices need")));
        rule.mqtt().ifPresent(m -> Stream.concat(m.publish().stream(), m.subscribe().stream())
                .filter(PolicyLint::everyTopic).findFirst().ifPresent(f -> warnings.add(new LintWarning(rule.source(),
                        LintWarning.ALLOW_ANY_TOPIC, "allow rule " + name + " allows every topic (" + f
                        + "); scope it, e.g. devices/${device.id}/#"))));
    }

    /** A filter made of wildcards only ({@code #}, {@code +/#}, {@code +/+}) reaches every device's topics. */
    private static boolean everyTopic(String filter) {
        return Template.parse(Template.Kind.TOPIC, filter).segments().stream()
                .allMatch(s -> s instanceof Template.AnyOne || s instanceof Template.AnyRest);
    }

    private static void missingAttributes(Policy policy, Rule rule, List<Map.Entry<DeviceId, RegistryEntry>> candidates,
                                          List<LintWarning> warnings) {
        rule.templates().stream().flatMap(t -> t.variables().stream()).filter(v -> v.startsWith(ATTR)).distinct()
                .map(v -> v.substring(ATTR.length()))
                .filter(key -> candidates.stream().noneMatch(d -> d.getValue().attributes().containsKey(key)))
                .forEach(key -> warnings.add(new LintWarning(rule.source(), LintWarning.MISSING_ATTRIBUTE, "rule "
                        + policy.name() + "/" + rule.name() + " uses ${device.attr." + key + "}, but no device in the "
                        + "registry that policy " + policy.name() + " can select has attribute " + key
                        + ": the rule matches no request")));
    }

    /** The registered devices the selector can pick, as far as the registry tells (groups and ids). */
    private static List<Map.Entry<DeviceId, RegistryEntry>> candidates(Selector selector, DeviceRegistry registry) {
        return registry.devices().entrySet().stream()
                .filter(e -> selector.ids().isEmpty() || selector.ids().contains(e.getKey()))
                .filter(e -> selector.groups().isEmpty() || e.getValue().groups().stream().anyMatch(selector.groups()::contains))
                .toList();
    }

    private static List<String> sorted(java.util.Set<String> values) {
        return values.stream().sorted().toList();
    }
}
