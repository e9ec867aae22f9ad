package io.palisade.config.policy;

import static java.util.Objects.requireNonNull;

import io.palisade.config.LoadResult;
import io.palisade.config.internal.Mark;
import io.palisade.config.internal.Problems;
import io.palisade.config.internal.SchemaCheck;
import io.palisade.config.internal.YamlTree;
import io.palisade.config.internal.YamlTreeReader;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.model.DeviceRegistry;
import io.palisade.core.policy.model.RegistryEntry;
import io.palisade.core.policy.model.SourceRef;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Loads the site registry, {@code devices.yaml} ({@code kind: DeviceRegistry}): for each device
 * id (64 lowercase hex characters, the SHA-256 of the device key) the groups it is in and its
 * attributes. Problems are reported all at once, like every other file, each at its position;
 * a device id written twice is a duplicate key.
 */
public final class DeviceRegistryLoader {

    /** The class path resource of the JSON Schema of devices.yaml, shipped for editors too. */
    public static final String SCHEMA_RESOURCE = "io/palisade/config/schema/devices-v1.json";

    private DeviceRegistryLoader() {
    }

    /** Loads {@code file}; problems name it as given here. */
    public static LoadResult<DeviceRegistry> load(Path file) {
        requireNonNull(file, "file");
        Problems problems = new Problems(file);
        Optional<YamlTree> tree = YamlTreeReader.read(problems);
        if (tree.isEmpty()) {
            return LoadResult.failed(problems.sorted());
        }
        Map<DeviceId, RegistryEntry> devices = new LinkedHashMap<>();
        JsonNode written = tree.get().root().path("devices");
        if (written.isObject()) {
            for (String id : written.propertyNames()) {
                String path = YamlTree.child("devices", id);
                if (!DeviceId.isValid(id)) {
                    problems.add(tree.get().keyAt(path), path, id, "a device id: 64 lowercase hex characters"
                            + (DeviceId.isValid(id.toLowerCase(java.util.Locale.ROOT)) ? " (write it in lower case)"
                            : " (palisade device id prints it)"));
                    continue;
                }
                devices.put(DeviceId.parse(id), entry(written.get(id), ref(file, tree.get().keyAt(path))));
            }
        }
        Schema.CHECK.check(tree.get(), problems);
        return problems.isEmpty() ? LoadResult.loaded(new DeviceRegistry(devices)) : LoadResult.failed(problems.sorted());
    }

    private static RegistryEntry entry(JsonNode device, SourceRef source) {
        Set<String> groups = new LinkedHashSet<>();
        device.path("groups").forEach(g -> {
            if (g.isString()) {
                groups.add(g.asString());
            }
        });
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode written = device.path("attributes");
        if (written.isObject()) {
            for (String name : written.propertyNames()) {
                JsonNode value = written.get(name);
                if (value.isValueNode() && !value.isNull()) {
                    attributes.put(name, value.asString());
                }
            }
        }
        return new RegistryEntry(groups, attributes, source);
    }

    private static SourceRef ref(Path file, Mark at) {
        return SourceRef.of(file.toString(), at.line(), at.column());
    }

    /** Loaded once, on first use. */
    private static final class Schema {
        static final SchemaCheck CHECK = SchemaCheck.fromResource(SCHEMA_RESOURCE);
    }
}
