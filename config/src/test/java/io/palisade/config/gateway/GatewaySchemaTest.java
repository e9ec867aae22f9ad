package io.palisade.config.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.palisade.config.internal.SchemaCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The shipped JSON Schema is what editors validate with: it must be sound on its own. */
class GatewaySchemaTest {

    private final JsonNode schema = SchemaCheck.fromResource(GatewayConfigLoader.SCHEMA_RESOURCE).document();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @Test
    void isAValidDraft2020_12Schema() {
        Schema metaSchema = registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

        assertThat(metaSchema.validate(schema)).isEmpty();
        assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void exampleSiteValidatesAgainstTheSchemaAlone() throws IOException {
        JsonNode example = YAMLMapper.builder().build()
                .readTree(Files.readString(Path.of("../config/examples/gateway.yaml")));

        assertThat(registry.getSchema(schema).validate(example)).isEmpty();
    }

    @Test
    void everyKeyAnEditorCompletesHasADescription() {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(schema, "", undocumented);

        assertThat(undocumented).isEmpty();
    }

    private static void collectUndocumented(JsonNode node, String path, List<String> undocumented) {
        if (!node.isObject()) {
            return;
        }
        JsonNode properties = node.path("properties");
        for (String name : properties.propertyNames()) {
            JsonNode property = properties.get(name);
            if (!property.has("description")) {
                undocumented.add(path + name);
            }
            collectUndocumented(property, path + name + ".", undocumented);
        }
        for (String branch : List.of("else", "items")) {
            collectUndocumented(node.path(branch), path, undocumented);
        }
        node.path("$defs").forEach(def -> collectUndocumented(def, path, undocumented));
    }
}
