package io.palisade.config.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;

/** Sizes, ports and variable names as policy files write them. */
class ValuesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @ParameterizedTest
    @CsvSource({"64KiB, 65536", "1MiB, 1048576", "2GiB, 2147483648", "512B, 512", "1, 1"})
    void sizesInBinaryUnits(String text, long bytes) {
        assertThat(Sizes.parse(NODES.stringNode(text))).contains(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"64KB", "1 MiB", "0KiB", "-1", "1.5MiB", "KiB", "64kib", ""})
    void sizesRefused(String text) {
        assertThat(Sizes.parse(NODES.stringNode(text))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"443 | 443-443", "'8000-8100' | 8000-8100", "65535 | 65535-65535"})
    void portsAndRanges(String text, String range) {
        var node = text.contains("-") ? NODES.stringNode(text) : NODES.numberNode(Integer.parseInt(text));
        assertThat(PortRanges.parse(node).range()).hasValueSatisfying(r -> assertThat(r.first() + "-" + r.last()).isEqualTo(range));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "devices/${device.id}/x | ",
        "${device.attr.room}/${vars.cloud} | ",
        "devices/${device.ids}/x | a variable ${device.id}, ${device.tenant}, ${device.product}, ${device.firmware}, "
                + "${device.attr.NAME} or ${vars.NAME}; did you mean ${device.id}?",
        "${vars.clod} | a variable defined under vars (defined: cloud); did you mean ${vars.cloud}?",
        "devices/${device.id | variables written ${NAME}, closed with }",
    })
    void variableNames(String text, String expected) {
        assertThat(Variables.namesProblem(text, Set.of("cloud")).orElse(null)).isEqualTo(expected);
    }
}
