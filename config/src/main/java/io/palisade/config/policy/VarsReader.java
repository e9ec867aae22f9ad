package io.palisade.config.policy;

import io.palisade.config.internal.YamlTree;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads a policy's or template's own {@code spec.vars}: named constants that patterns use as
 * {@code ${vars.NAME}}. A value is text and holds no variable itself (vars are not expanded
 * twice); whether it fits where it is used is checked with the pattern.
 */
final class VarsReader {

    private VarsReader() {
    }

    /** The vars with a text value; reports values that themselves hold a variable (and keeps them). */
    static Map<String, String> read(PolicyFile file) {
        Map<String, String> vars = new LinkedHashMap<>();
        JsonNode written = file.spec().path("vars");
        if (!written.isObject()) {
            return vars;
        }
        for (String name : written.propertyNames()) {
            PolicyFile.text(written.get(name)).ifPresent(value -> {
                if (value.contains("${")) {
                    file.report(YamlTree.child("spec.vars", name), value, "a constant without variables (vars are not expanded twice)");
                }
                vars.put(name, value); // kept, so that its uses are not reported as undefined too
            });
        }
        return vars;
    }
}
