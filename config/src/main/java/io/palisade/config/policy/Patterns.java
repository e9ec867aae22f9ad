package io.palisade.config.policy;

import io.palisade.config.internal.ModelErrors;
import io.palisade.config.internal.YamlTree;
import io.palisade.core.policy.model.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks the patterns of one rule with the core's own {@link Template} grammar (what the engine
 * will compile), after checking variable names for a friendlier message: MQTT topic filters,
 * CoAP and HTTP paths, egress host names. {@code ${vars.NAME}} is bound with the policy's vars to
 * check that each value fits where it is used.
 */
final class Patterns {

    private static final Pattern BIND_ERROR = Pattern.compile("vars\\.([^:]+): (.*) \\(expected: (.*)\\)");

    private final PolicyFile file;
    private final Map<String, String> vars;
    private boolean ok = true;

    Patterns(PolicyFile file, Map<String, String> vars) {
        this.file = file;
        this.vars = vars;
    }

    /** Whether every pattern checked so far is valid. */
    boolean ok() {
        return ok;
    }

    /** The valid MQTT topic filters of the list at {@code path}. */
    List<String> topics(String path, JsonNode list) {
        return each(path, list, Template.Kind.TOPIC, "an MQTT topic filter");
    }

    /** The valid URI paths of the list at {@code path}. */
    List<String> paths(String path, JsonNode list) {
        return each(path, list, Template.Kind.PATH, "a URI path");
    }

    /** The host name at {@code path}, if valid. */
    Optional<String> host(String path, String host) {
        return check(path, host, Template.Kind.HOST, "a host name");
    }

    private List<String> each(String path, JsonNode list, Template.Kind kind, String what) {
        List<String> valid = new ArrayList<>();
        if (list == null || !list.isArray()) {
            return valid;
        }
        for (int i = 0; i < list.size(); i++) {
            String element = YamlTree.element(path, i);
            PolicyFile.text(list.get(i)).flatMap(text -> check(element, text, kind, what)).ifPresent(valid::add);
        }
        return valid;
    }

    private Optional<String> check(String path, String text, Template.Kind kind, String what) {
        Optional<String> names = Variables.namesProblem(text, vars.keySet());
        if (names.isPresent()) {
            return fail(path, text, names.get());
        }
        if (Variables.references(text).stream().anyMatch(name -> name.startsWith(Variables.VARS_PREFIX)
                && vars.getOrDefault(name.substring(Variables.VARS_PREFIX.length()), "").contains("${"))) {
            ok = false; // a var holding a variable, reported at the var
            return Optional.empty();
        }
        Template template;
        try {
            template = Template.parse(kind, text);
        } catch (IllegalArgumentException e) {
            return fail(path, text, ModelErrors.expected(what, e));
        }
        try {
            template.bind(vars);
        } catch (IllegalArgumentException e) {
            return fail(path, text, boundProblem(what, e.getMessage()));
        }
        return Optional.of(text);
    }

    /** {@code vars.level: a/+ (expected: literal segments, …)} from the core, as one readable clause. */
    static String boundProblem(String what, String message) {
        Matcher m = BIND_ERROR.matcher(message == null ? "" : message);
        return m.matches() ? what + "; ${vars." + m.group(1) + "} is " + m.group(2) + ", expected "
                + m.group(3).replaceFirst(",? for .*$", "") : what + " once its vars are filled in; " + message;
    }

    private Optional<String> fail(String path, String text, String expected) {
        file.report(path, text, expected);
        ok = false;
        return Optional.empty();
    }
}
