package io.palisade.config.policy;

import io.palisade.config.internal.KeySuggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Variables in policy values: {@code ${device.id}}, {@code ${device.tenant}},
 * {@code ${device.product}}, {@code ${device.attr.NAME}} (from the site registry) and
 * {@code ${vars.NAME}} (from the policy's {@code vars} or its templates').
 *
 * <p>A variable stands for a whole MQTT topic level, URL path segment or DNS label, never part
 * of one: {@code devices/${device.id}/telemetry} is fine, {@code devices/dev-${device.id}} is not.
 * That way no value a device can influence ever changes the shape of a filter.
 */
final class Variables {

    /** The device variables; {@code device.attr.NAME} and {@code vars.NAME} come on top. */
    static final List<String> DEVICE = List.of("device.id", "device.tenant", "device.product");
    static final String ATTR_PREFIX = "device.attr.";
    static final String VARS_PREFIX = "vars.";
    static final String EXPECTED_NAME = "a variable ${device.id}, ${device.tenant}, ${device.product}, "
            + "${device.attr.NAME} or ${vars.NAME}";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

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
     * {@code ${}, an unknown name, a {@code vars.NAME} not among {@code vars}, or a variable that
     * does not fill a whole segment between {@code separator}s.
     */
    static Optional<String> problemWith(String text, char separator, String segment, Set<String> vars) {
        String rest = REFERENCE.matcher(text).replaceAll("");
        if (rest.contains("${")) {
            return Optional.of("variables written ${NAME}, closed with }");
        }
        for (String name : references(text)) {
            Optional<String> problem = nameProblem(name, vars);
            if (problem.isPresent()) {
                return problem;
            }
        }
        for (String part : text.split(Pattern.quote(String.valueOf(separator)), -1)) {
            if (part.contains("${") && !REFERENCE.matcher(part).matches()) {
                return Optional.of("a variable filling a whole " + segment + ", not part of one: " + part);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nameProblem(String name, Set<String> vars) {
        if (DEVICE.contains(name)) {
            return Optional.empty();
        }
        if (name.startsWith(ATTR_PREFIX) && NAME.matcher(name.substring(ATTR_PREFIX.length())).matches()) {
            return Optional.empty();
        }
        if (name.startsWith(VARS_PREFIX) && NAME.matcher(name.substring(VARS_PREFIX.length())).matches()) {
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
