package io.palisade.config.policy;

import io.palisade.config.internal.KeySuggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of variables in policy patterns, checked before the core's
 * {@link io.palisade.core.policy.model.Template} parses the pattern, so that a misspelt name gets a
 * "did you mean": {@code ${device.id}}, {@code ${device.tenant}}, {@code ${device.product}},
 * {@code ${device.firmware}}, {@code ${device.attr.NAME}} (from the site registry) and
 * {@code ${vars.NAME}} (from the policy's {@code vars} or its templates'). That each variable
 * fills a whole segment is the core's rule and is checked there.
 */
final class Variables {

    /** The device variables; {@code device.attr.NAME} and {@code vars.NAME} come on top. */
    static final List<String> DEVICE = List.of("device.id", "device.tenant", "device.product", "device.firmware");
    static final String ATTR_PREFIX = "device.attr.";
    static final String VARS_PREFIX = "vars.";
    static final String EXPECTED_NAME = "a variable ${device.id}, ${device.tenant}, ${device.product}, "
            + "${device.firmware}, ${device.attr.NAME} or ${vars.NAME}";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern ATTR = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern VAR = Pattern.compile("[A-Za-z0-9_-]+");

    private Variables() {
    }

    /** The names referenced in {@code text}, in order: {@code device.id} for {@code ${device.id}}. */
    static List<String> references(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * What is wrong with the variables in {@code text}, phrased as what was expected: an unclosed
     * <code>${</code>, an unknown name, or a {@code vars.NAME} not among {@code vars}.
     */
    static Optional<String> namesProblem(String text, Set<String> vars) {
        if (REFERENCE.matcher(text).replaceAll("").contains("${")) {
            return Optional.of("variables written ${NAME}, closed with }");
        }
        return references(text).stream().map(name -> nameProblem(name, vars)).flatMap(Optional::stream).findFirst();
    }

    private static Optional<String> nameProblem(String name, Set<String> vars) {
        if (DEVICE.contains(name)) {
            return Optional.empty();
        }
        if (name.startsWith(ATTR_PREFIX) && ATTR.matcher(name.substring(ATTR_PREFIX.length())).matches()) {
            return Optional.empty();
        }
        if (name.startsWith(VARS_PREFIX) && VAR.matcher(name.substring(VARS_PREFIX.length())).matches()) {
            String var = name.substring(VARS_PREFIX.length());
            if (vars.contains(var)) {
                return Optional.empty();
            }
            String defined = vars.isEmpty() ? "no vars are defined" : "defined: " + String.join(", ", vars.stream().sorted().toList());
            return Optional.of("a variable defined under vars (" + defined + ")"
                    + KeySuggestions.closest(var, vars).map(s -> "; did you mean ${vars." + s + "}?").orElse(""));
        }
        List<String> known = new ArrayList<>(DEVICE);
        vars.forEach(v -> known.add(VARS_PREFIX + v));
        return Optional.of(EXPECTED_NAME
                + KeySuggestions.closest(name, known).map(s -> "; did you mean ${" + s + "}?").orElse(""));
    }
}
