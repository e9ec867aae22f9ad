package io.palisade.config.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.model.DeviceRegistry;
import io.palisade.core.policy.model.RegistryEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceRegistryLoaderTest {

    private static final String ID = "700c259fa53f37a560603957f70a4f89b20eda7904b53e800d7d7b18235b21c0";
    private static final String HEADER = "apiVersion: palisade/v1\nkind: DeviceRegistry\ndevices:\n";

    @TempDir
    Path dir;

    @Test
    void exampleRegistryGivesGroupsAttributesAndPositions() {
        DeviceRegistry registry = DeviceRegistryLoader.load(Path.of("../config/examples/devices.yaml")).orElseThrow();

        RegistryEntry lobby = registry.entry(DeviceId.parse(ID));
        assertThat(lobby.groups()).containsExactlyInAnyOrder("building-a", "floor-1");
        assertThat(lobby.attributes()).containsEntry("room", "lobby").containsEntry("zone", "hvac-1");
        assertThat(lobby.source().toString()).isEqualTo("../config/examples/devices.yaml:11:3");
    }

    @Test
    void reportsEveryBadIdDuplicateAndUnknownKeyAtItsPosition() throws Exception {
        Path file = Files.writeString(dir.resolve("devices.yaml"), HEADER
                + "  " + ID.toUpperCase() + ": {groups: [lab]}\n"
                + "  700c259f: {groups: [lab]}\n"
                + "  " + ID + ": {groups: [lab], grups: [x]}\n"
                + "  " + ID + ": {groups: [\"floor 1\"]}\n");

        assertThat(DeviceRegistryLoader.load(file).problems()).extracting(p -> p.toString().replace(dir + "/", ""))
                .containsExactly(
                        "devices.yaml:4:3: devices." + ID.toUpperCase() + ": " + ID.toUpperCase()
                                + " (expected: a device id: 64 lowercase hex characters (write it in lower case))",
                        "devices.yaml:5:3: devices.700c259f: 700c259f (expected: a device id: 64 lowercase hex characters "
                                + "(palisade device id prints it))",
                        "devices.yaml:6:85: devices." + ID + ".grups: unknown key (expected: one of name, groups, attributes; "
                                + "did you mean `groups`?)",
                        "devices.yaml:7:3: devices." + ID + ": duplicate key (expected: each key once; first at 6:3)");
    }

    @Test
    void anEmptyRegistryIsValid() throws Exception {
        Path file = Files.writeString(dir.resolve("devices.yaml"), HEADER.replace("devices:\n", "devices: {}\n"));

        assertThat(DeviceRegistryLoader.load(file).orElseThrow().devices()).isEmpty();
    }
}
