package io.palisade.config.internal;

import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A schema error phrased for an operator: the path it concerns, the value shown, what was
 * expected, and whether it points at a key (an unknown key) rather than a value.
 */
record SchemaMessage(String path, String value, String expected, boolean atKey) {

    /**
     * @param error the validator's error
     * @param schema the schema object that holds the failing keyword
     * @param path the display path of the instance the error is about
     */
    static SchemaMessage of(Error error, JsonNode schema, String path) {
        String shown = Problems.describe(error.getInstanceNode());
        switch (error.getKeyword()) {
            case "additionalProperties": {
                String key = error.getProperty();
                List<String> allowed = new ArrayList<>(schema.path("properties").propertyNames());
                String hint = KeySuggestions.closest(key, allowed).map(s -> "; did you mean `" + s + "`?").orElse("");
                return new SchemaMessage(YamlTree.child(path, key), "unknown key",
                        "one of " + String.join(", ", allowed) + hint, true);
            }
            case "propertyNames": {
                String key = error.getProperty();
                JsonNode names = schema.path("propertyNames");
                return new SchemaMessage(YamlTree.child(path, key), key, description(names)
                        .orElse("a key matching " + names.path("pattern").asString()), true);
            }
            case "required":
                return new SchemaMessage(YamlTree.child(path, error.getProperty()), "missing", "a required key", false);
            case "type":
                return new SchemaMessage(path, shown, typeNames(schema.path("type")), false);
            case "const":
                return new SchemaMessage(path, shown, schema.path("const").asString(), false);
            case "enum":
                return new SchemaMessage(path, shown, "one of " + join(schema.path("enum")), false);
            case "pattern":
                return new SchemaMessage(path, shown, description(schema)
                        .orElse("text matching " + schema.path("pattern").asString()), false);
            case "minProperties":
                return new SchemaMessage(path, "an empty mapping", "at least one of "
                        + String.join(", ", schema.path("properties").propertyNames()), false);
            case "minItems":
                return new SchemaMessage(path, "an empty list", "at least " + schema.path("minItems").asInt()
                        + " item", false);
            case "uniqueItems":
                return new SchemaMessage(path, "a list with repeated items", "each item once", false);
            case "minLength":
                return new SchemaMessage(path, "an empty string", "a non-empty string", false);
            case "minimum":
                return new SchemaMessage(path, shown, ">= " + schema.path("minimum").asString(), false);
            case "maximum":
                return new SchemaMessage(path, shown, "<= " + schema.path("maximum").asString(), false);
            default:
                return new SchemaMessage(path, shown, error.getMessage(), false);
        }
    }

    private static Optional<String> description(JsonNode schema) {
        JsonNode description = schema.get("description");
        if (description == null || description.asString().isEmpty()) {
            return Optional.empty();
        }
        String text = description.asString();
        text = Character.toLowerCase(text.charAt(0)) + text.substring(1);
        return Optional.of(text.endsWith(".") ? text.substring(0, text.length() - 1) : text);
    }

    private static String join(JsonNode values) {
        List<String> texts = new ArrayList<>();
        values.forEach(v -> texts.add(v.asString()));
        return texts.stream().collect(Collectors.joining(", "));
    }

    /** {@code "string"} or {@code ["integer", "string"]}, as an operator reads it. */
    private static String typeNames(JsonNode type) {
        if (!type.isArray()) {
            return typeName(type.asString());
        }
        List<String> names = new ArrayList<>();
        type.forEach(t -> names.add(typeName(t.asString())));
        return String.join(" or ", names);
    }

    private static String typeName(String type) {
        switch (type) {
            case "object":
                return "a mapping";
            case "array":
                return "a list";
            case "string":
                return "a string";
            case "integer":
                return "a whole number";
            case "boolean":
                return "true or false";
            default:
                return type;
        }
    }
}
