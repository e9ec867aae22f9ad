package io.palisade.config.policy;

import io.palisade.config.internal.YamlTree;
import io.palisade.core.policy.model.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Checks the patterns of one rule with the core's own {@link Template} grammar (what the engine
 * will compile), after checking variable names for a friendlier message: MQTT topic filters,
 * CoAP and HTTP paths, egress host names. {@code ${vars.NAME}} is bound with the policy's vars to
 * check that each value fits where it is used.
 */
final class Patterns {

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
        return check(path, host, Template.Kind.HOST, "a DNS name (api.example.com) or a left-most wildcard (*.example.com)");
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
        Template template;
        try {
            template = Template.parse(kind, text);
        } catch (IllegalArgumentException e) {
            return fail(path, text, ModelErrors.expected(what, e));
        }
        try {
            template.bind(vars);
        } catch (IllegalArgumentException e) {
            return fail(path, text, what + " once its vars are filled in; " + e.getMessage());
        }
        return Optional.of(text);
    }

    private Optional<String> fail(String path, String text, String expected) {
        file.report(path, text, expected);
        ok = false;
        return Optional.empty();
    }
}
