package io.palisade.config.policy;

import io.palisade.core.policy.model.Limits;
import io.palisade.core.policy.model.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a policy takes over from the templates it {@code extends} (kind {@code PolicyTemplate}),
 * depth first in the order written, each template once: their rules (the same rule, with its
 * own name and position, in every policy that extends it), their vars (a later template's value
 * wins, the policy's own wins over all) and their limits (likewise, per limit).
 *
 * <p>A template's rules are checked once, against the template's own vars and those of the
 * templates it extends: a template declares, with a default value, every var its rules use.
 * Unknown templates and cycles are reported by {@link DirectoryChecks}; here they are skipped.
 */
final class Inheritance {

    private final Map<String, PolicyFile> byName;
    // Each file's own part is read (and its problems reported) once, however many extend it.
    private final Map<PolicyFile, Map<String, String>> ownVars = new HashMap<>();
    private final Map<PolicyFile, Optional<Limits>> ownLimits = new HashMap<>();
    private final Map<PolicyFile, Optional<List<Rule>>> ownRules = new HashMap<>();

    Inheritance(Map<String, PolicyFile> byName) {
        this.byName = byName;
    }

    /** The templates {@code file} takes over, depth first, each once; then {@code file} itself. */
    List<PolicyFile> chain(PolicyFile file) {
        Set<PolicyFile> out = new LinkedHashSet<>();
        collect(file, out, new LinkedHashSet<>());
        return new ArrayList<>(out);
    }

    private void collect(PolicyFile file, Set<PolicyFile> out, Set<PolicyFile> visiting) {
        if (!visiting.add(file)) {
            return; // a cycle, reported elsewhere
        }
        for (String name : file.extendsNames()) {
            PolicyFile template = byName.get(name);
            if (template != null && template.isTemplate() && !out.contains(template)) {
                collect(template, out, visiting);
            }
        }
        out.add(file);
    }

    /** The vars in force in {@code file}: its templates', then its own. */
    Map<String, String> vars(PolicyFile file) {
        Map<String, String> vars = new LinkedHashMap<>();
        chain(file).forEach(f -> vars.putAll(ownVars.computeIfAbsent(f, VarsReader::read)));
        return vars;
    }

    /** Every rule in force in {@code file}, or empty when one of them could not be read. */
    Optional<List<Rule>> rules(PolicyFile file) {
        List<Rule> rules = new ArrayList<>();
        boolean ok = true;
        for (PolicyFile f : chain(file)) {
            if (!ownRules.containsKey(f)) {
                ownRules.put(f, readOwnRules(f));
            }
            Optional<List<Rule>> own = ownRules.get(f);
            own.ifPresent(rules::addAll);
            ok &= own.isPresent();
        }
        return ok ? Optional.of(rules) : Optional.empty();
    }

    /** The limits in force in {@code file}, or empty when one of them is not valid. */
    Optional<Limits> limits(PolicyFile file) {
        Limits limits = Limits.NONE;
        for (PolicyFile f : chain(file)) {
            Optional<Limits> own = ownLimits.computeIfAbsent(f, LimitsReader::read);
            if (own.isEmpty()) {
                return Optional.empty();
            }
            limits = LimitsReader.override(limits, own.get());
        }
        return Optional.of(limits);
    }

    /** Reads every rule of {@code file} (reporting all problems); empty when any is wrong. */
    private Optional<List<Rule>> readOwnRules(PolicyFile file) {
        Map<String, String> vars = vars(file);
        List<Rule> rules = new ArrayList<>();
        boolean[] ok = {true};
        file.forEachRule((path, node) -> {
            Optional<Rule> rule = RuleReader.read(file, path, node, vars);
            rule.ifPresent(rules::add);
            ok[0] &= rule.isPresent();
        });
        return ok[0] ? Optional.of(rules) : Optional.empty();
    }
}
