package io.palisade.config.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.palisade.config.internal.SchemaCheck;
import io.palisade.config.policy.cases.PolicyTestLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The shipped schemas of policy files, devices.yaml and test-cases files are sound on their own. */
class PolicySchemasTest {

    private static final Path EXAMPLES = Path.of("../config/examples");
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @ParameterizedTest
    @ValueSource(strings = {PolicyLoader.SCHEMA_RESOURCE, DeviceRegistryLoader.SCHEMA_RESOURCE, PolicyTestLoader.SCHEMA_RESOURCE})
    void isAValidDraft2020_12SchemaWithADescriptionForEveryKey(String resource) {
        JsonNode schema = SchemaCheck.fromResource(resource).document();
        Schema metaSchema = registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

        assertThat(metaSchema.validate(schema)).isEmpty();
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(schema, schema, "", undocumented);
        assertThat(undocumented).isEmpty();
    }

    static Stream<Arguments> exampleFiles() throws IOException {
        List<Arguments> files = new ArrayList<>();
        try (Stream<Path> policies = Files.list(EXAMPLES.resolve("policies.d"))) {
            policies.sorted().forEach(p -> files.add(Arguments.of(p.toString(), PolicyLoader.SCHEMA_RESOURCE)));
        }
        files.add(Arguments.of(EXAMPLES.resolve("devices.yaml").toString(), DeviceRegistryLoader.SCHEMA_RESOURCE));
        files.add(Arguments.of(EXAMPLES.resolve("policies.d/policy-tests.yaml").toString(), PolicyTestLoader.SCHEMA_RESOURCE));
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleFiles")
    void exampleValidatesAgainstTheSchemaAlone(String file, String resource) throws IOException {
        JsonNode example = YAMLMapper.builder().build().readTree(Files.readString(Path.of(file)));

        assertThat(registry.getSchema(SchemaCheck.fromResource(resource).document()).validate(example)).isEmpty();
    }

    /**
     * Every property an editor completes needs a description: its own, or that of the definition
     * it refers to, or (in a then/else branch) that of the same property at the top.
     */
    private static void collectUndocumented(JsonNode root, JsonNode node, String path, List<String> undocumented) {
        if (!node.isObject()) {
            return;
        }
        JsonNode properties = node.path("properties");
        for (String name : properties.propertyNames()) {
            JsonNode property = properties.get(name);
            String ref = property.path("$ref").asString("");
            boolean documented = property.has("description")
                    || ref.startsWith("#/$defs/") && root.path("$defs").path(ref.substring(8)).has("description")
                    || root.path("properties").path(name).has("description");
            if (!documented) {
                undocumented.add(path + name);
            }
            collectUndocumented(root, property, path + name + ".", undocumented);
        }
        for (String branch : List.of("then", "else", "items")) {
            collectUndocumented(root, node.path(branch), path, undocumented);
        }
        node.path("$defs").forEach(def -> collectUndocumented(root, def, path, undocumented));
    }
}
