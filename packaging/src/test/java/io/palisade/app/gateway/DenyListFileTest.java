package io.palisade.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.palisade.core.identity.DeviceId;

/** The deny list file: one device id per line, # comments, and a bad line refuses the whole file. */
class DenyListFileTest {

    static final String A = "a".repeat(64);
    static final String B = "0123456789abcdef".repeat(4);

    @Test
    void readsIdsAndSkipsCommentsBlankLinesAndBlanks() throws Exception {
        var ids = DenyListFile.parse("deny.txt", List.of(
                "# stolen from the loading dock",
                "",
                "   " + A + "   ",
                B + "  # thermostat 12",
                "\t# indented comment",
                A));

        assertThat(ids).containsExactlyInAnyOrder(DeviceId.parse(A), DeviceId.parse(B));
    }

    @Test
    void anEmptyFileDeniesNobody() throws Exception {
        assertThat(DenyListFile.parse("deny.txt", List.of())).isEmpty();
        assertThat(DenyListFile.parse("deny.txt", List.of("# nobody yet", ""))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "abc", "device-12",
            "aaaa aaaa", "ggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg"})
    void aLineThatIsNotADeviceIdIsNamedWithItsLineNumber(String bad) {
        assertThatThrownBy(() -> DenyListFile.parse("deny.txt", List.of(A, "# ok so far", bad)))
                .isInstanceOfSatisfying(AssemblyException.class, e -> assertThat(e.problems()).containsExactly(
                        "deny.txt:3: " + bad + " (expected: a device id, 64 lowercase hex characters, one per line)"));
    }

    @Test
    void everyBadLineIsReportedAtOnce() {
        assertThatThrownBy(() -> DenyListFile.parse("deny.txt", List.of("x", A, "y" + "z".repeat(100))))
                .isInstanceOfSatisfying(AssemblyException.class, e -> assertThat(e.problems()).containsExactly(
                        "deny.txt:1: x (expected: a device id, 64 lowercase hex characters, one per line)",
                        "deny.txt:3: y" + "z".repeat(76) + "... (expected: a device id, 64 lowercase hex characters, one per line)"));
    }

    @Test
    void readsAFileAndNamesAMissingOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("deny.txt"), "# denied\n" + A + "\n");
        assertThat(DenyListFile.read(file)).containsExactly(DeviceId.parse(A));

        assertThatThrownBy(() -> DenyListFile.read(dir.resolve("absent.txt")))
                .isInstanceOf(AssemblyException.class)
                .hasMessageContaining("absent.txt: cannot read")
                .hasMessageContaining("(expected: a readable deny list)");
    }
}
