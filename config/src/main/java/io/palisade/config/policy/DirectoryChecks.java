package io.palisade.config.policy;

import io.palisade.config.internal.KeySuggestions;
import io.palisade.config.internal.YamlTree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks that need every file of a policy directory at once: policy and template names are
 * unique over all files, rule names are unique over all files (the problem names the other
 * position too), and {@code extends} names existing templates without a cycle.
 */
final class DirectoryChecks {

    private final List<PolicyFile> files;
    private final Map<String, PolicyFile> byName = new LinkedHashMap<>();

    private DirectoryChecks(List<PolicyFile> files) {
        this.files = files;
    }

    /** Runs the checks over {@code files} (in name order); returns each name's file, first one wins. */
    static Map<String, PolicyFile> run(List<PolicyFile> files) {
        DirectoryChecks checks = new DirectoryChecks(files);
        checks.uniqueNames();
        checks.uniqueRuleNames();
        checks.extendsTemplates();
        checks.noCycles();
        return checks.byName;
    }

    private void uniqueNames() {
        for (PolicyFile file : files) {
            file.name().ifPresent(name -> {
                PolicyFile first = byName.putIfAbsent(name, file);
                if (first != null) {
                    file.report("metadata.name", name, "a name used once over all files; "
                            + first.where("metadata.name", file) + " has it too");
                }
            });
        }
    }

    private void uniqueRuleNames() {
        Map<String, PolicyFile> firstFile = new HashMap<>();
        Map<String, String> firstPath = new HashMap<>();
        for (PolicyFile file : files) {
            file.forEachRule((path, rule) -> PolicyFile.text(rule.get("name")).ifPresent(name -> {
                String namePath = path + ".name";
                PolicyFile first = firstFile.putIfAbsent(name, file);
                firstPath.putIfAbsent(name, namePath);
                if (first != null) {
                    file.report(namePath, name, "a rule name used once over all files; "
                            + first.where(firstPath.get(name), file) + " has it too");
                }
            }));
        }
    }

    private void extendsTemplates() {
        for (PolicyFile file : files) {
            List<String> names = file.extendsNames();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                String path = YamlTree.element("spec.extends", i);
                PolicyFile target = byName.get(name);
                if (target == null) {
                    List<String> templates = byName.values().stream().filter(PolicyFile::isTemplate)
                            .map(f -> f.name().orElseThrow()).toList();
                    file.report(path, name, "the name of a PolicyTemplate"
                            + (templates.isEmpty() ? "; there is none" : ", one of " + String.join(", ", templates))
                            + KeySuggestions.closest(name, templates).map(s -> "; did you mean `" + s + "`?").orElse(""));
                } else if (!target.isTemplate()) {
                    file.report(path, name, "the name of a PolicyTemplate; " + target.where("metadata.name", file)
                            + " is a " + target.kind().orElse("policy"));
                }
            }
        }
    }

    /** Reports, at each extends entry that leads back to its own template, the whole cycle. */
    private void noCycles() {
        for (PolicyFile file : byName.values()) {
            String start = file.name().orElseThrow();
            List<String> names = file.extendsNames();
            for (int i = 0; i < names.size(); i++) {
                String target = names.get(i);
                int index = i;
                pathBack(target, start).ifPresent(chain -> {
                    List<String> cycle = new ArrayList<>(chain);
                    cycle.add(0, start);
                    file.report(YamlTree.element("spec.extends", index), target,
                            "templates that do not extend themselves; cycle " + String.join(" -> ", cycle));
                });
            }
        }
    }

    /** The shortest chain of extends from {@code from} to {@code to}, both included. */
    private Optional<List<String>> pathBack(String from, String to) {
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        cameFrom.put(from, from);
        while (!queue.isEmpty()) {
            String current = queue.poll();
            if (current.equals(to)) {
                List<String> chain = new ArrayList<>();
                for (String n = current; ; n = cameFrom.get(n)) {
                    chain.add(0, n);
                    if (n.equals(from)) {
                        return Optional.of(chain);
                    }
                }
            }
            PolicyFile file = byName.get(current);
            if (file != null && file.isTemplate()) {
                for (String next : file.extendsNames()) {
                    if (cameFrom.putIfAbsent(next, current) == null) {
                        queue.add(next);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
