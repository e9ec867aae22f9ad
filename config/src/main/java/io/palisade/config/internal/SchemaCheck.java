package io.palisade.config.internal;

import static java.util.Objects.requireNonNull;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a {@link YamlTree} against a JSON Schema (draft 2020-12) and turns each schema error
 * into a {@link io.palisade.config.ConfigProblem} at the position of the offending key or value.
 *
 * <p>The schema carries the structure (types, required and unknown keys, enumerations); messages
 * are phrased here from the schema itself (its enumerations, constants and {@code description}s)
 * rather than taken from the validator's English. A semantic check in Java knows more than the
 * schema: where it already reported a problem at a path, the schema's problem at the same path is
 * dropped, so each mistake is reported once.
 */
public final class SchemaCheck {

    private final JsonNode document;
    private final Schema schema;

    private SchemaCheck(JsonNode document) {
        this.document = document;
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(document);
        // Build every validator now: a fully initialised Schema is safe to share between threads.
        this.schema.initializeValidators();
    }

    /** Loads the schema at {@code resource}, a class path resource name. */
    public static SchemaCheck fromResource(String resource) {
        requireNonNull(resource, "resource");
        try (InputStream in = SchemaCheck.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("resource: " + resource + " (expected: on the class path)");
            }
            return new SchemaCheck(JsonMapper.builder().build().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema document, for tools that ship or print it. */
    public JsonNode document() {
        return document;
    }

    /** Adds a problem for every schema error in {@code tree} whose path has no problem yet. */
    public void check(YamlTree tree, Problems problems) {
        for (Error error : schema.validate(tree.root())) {
            String path = displayPath(error.getInstanceLocation());
            SchemaMessage message = SchemaMessage.of(error, schemaNodeAt(error), path);
            if (!problems.hasProblemAt(message.path())) {
                Mark at = message.atKey() ? tree.keyAt(message.path()) : tree.valueAt(message.path());
                problems.add(at, message.path(), message.value(), message.expected());
            }
        }
    }

    /** The schema object that holds the failing keyword, looked up in our own copy of the schema. */
    private JsonNode schemaNodeAt(Error error) {
        NodePath fragment = error.getSchemaLocation().getFragment();
        JsonNode node = document;
        for (int i = 0; i < fragment.getNameCount() - 1; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer index ? node.path(index) : node.path(element.toString());
        }
        return node;
    }

    static String displayPath(NodePath location) {
        String path = "";
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer index ? YamlTree.element(path, index)
                    : YamlTree.child(path, element.toString());
        }
        return path;
    }
}
