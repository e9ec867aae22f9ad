package io.palisade.config.policy;

import io.palisade.config.internal.Mark;
import io.palisade.config.internal.Problems;
import io.palisade.config.internal.YamlTree;
import io.palisade.core.policy.model.SourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;

/**
 * One policy file that read as YAML: its document with positions and the problems found in it.
 * Checks of a single file and of the whole directory report through it, so that every problem
 * lands in the file it is about.
 */
final class PolicyFile {

    static final String POLICY = "DevicePolicy";
    static final String TEMPLATE = "PolicyTemplate";
    static final String TEST = "PolicyTest";

    private final Problems problems;
    private final YamlTree tree;

    PolicyFile(Problems problems, YamlTree tree) {
        this.problems = problems;
        this.tree = tree;
    }

    Problems problems() {
        return problems;
    }

    YamlTree tree() {
        return tree;
    }

    JsonNode root() {
        return tree.root();
    }

    JsonNode spec() {
        return root().path("spec");
    }

    /** The kind as written, or empty when it is missing or not a string. */
    Optional<String> kind() {
        return text(root().get("kind"));
    }

    boolean isTemplate() {
        return kind().filter(TEMPLATE::equals).isPresent();
    }

    /** The name under metadata.name, or empty when it is missing or not a string. */
    Optional<String> name() {
        return text(root().path("metadata").get("name"));
    }

    /** The template names under spec.extends that are strings. */
    List<String> extendsNames() {
        List<String> names = new ArrayList<>();
        spec().path("extends").forEach(n -> text(n).ifPresent(names::add));
        return names;
    }

    /** Calls {@code action} with the path ({@code spec.rules[2]}) and node of each rule that is a mapping. */
    void forEachRule(BiConsumer<String, JsonNode> action) {
        JsonNode rules = spec().path("rules");
        if (!rules.isArray()) {
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).isObject()) {
                action.accept(YamlTree.element("spec.rules", i), rules.get(i));
            }
        }
    }

    /** Reports a problem with the value at {@code path}. */
    void report(String path, String value, String expected) {
        problems.add(tree.valueAt(path), path, value, expected);
    }

    /** Where the value at {@code path} was written, as the model records it. */
    SourceRef ref(String path) {
        Mark at = tree.valueAt(path);
        return SourceRef.of(problems.file().toString(), at.line(), at.column());
    }

    /**
     * Where the value at {@code path} is, as seen from a problem in {@code from}: {@code line:col}
     * in the same file, else {@code file:line:col}.
     */
    String where(String path, PolicyFile from) {
        SourceRef ref = ref(path);
        return from == this ? ref.line() + ":" + ref.column() : ref.toString();
    }

    /** How a value is shown in a problem: scalars as written, a mapping or list by its kind. */
    static String describe(JsonNode node) {
        return Problems.describe(node);
    }

    /** The text of {@code node}, if it is a string (a wrong type is the schema's to report). */
    static Optional<String> text(JsonNode node) {
        return node != null && node.isString() ? Optional.of(node.asString()) : Optional.empty();
    }
}
