package io.palisade.core.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.palisade.core.policy.model.Template.Kind;

class TemplateTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            TOPIC | devices/${device.id}/telemetry
            TOPIC | devices/${device.id}/events/+
            TOPIC | devices/${device.id}/commands/#
            TOPIC | /finance
            TOPIC | $SYS/#
            TOPIC | site/${device.attr.site}/${vars.zone}
            PATH  | /sensors/${device.id}/*
            PATH  | /
            PATH  | /fw/**
            HOST  | *.telemetry.acme.example
            HOST  | ${device.id}.devices.example.com
            HOST  | API.Acme.Example.
            """)
    void acceptsWellFormedPatterns(Kind kind, String text) {
        assertThat(Template.parse(kind, text).kind()).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            TOPIC | a/#/b                       | # only as the last level
            TOPIC | a/b+                        | + and # only as whole levels
            TOPIC | devices/x${device.id}       | a variable filling a whole segment
            TOPIC | devices/${device.serial}    | known variables
            TOPIC | ''                          | a non-empty pattern
            PATH  | sensors                     | a path starting with /
            PATH  | /a//b                       | non-empty segments
            PATH  | /a/../b                     | non-empty segments, no . or ..
            PATH  | /a/**/b                     | ** only as the last segment
            PATH  | /a/b*                       | non-empty segments, no . or .., * and **
            HOST  | a.*.example.com             | * only as the whole left-most label
            HOST  | a..example.com              | labels of letters
            HOST  | a/b.example.com             | labels of letters
            HOST  | ${device.id}x.example.com   | a variable filling a whole segment
            """)
    void refusesMalformedPatternsSayingWhatWasExpected(Kind kind, String text, String expected) {
        assertThatThrownBy(() -> Template.parse(kind, text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text).hasMessageContaining("(expected: " + expected);
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @CsvSource(delimiter = '|', textBlock = """
            HOST  | ${vars.cloud}              | mqtt.cloud.example.com | mqtt.cloud.example.com
            HOST  | *.${vars.zone}             | Zone.Example           | *.zone.example
            TOPIC | ${vars.prefix}/telemetry   | site1/floor2           | site1/floor2/telemetry
            PATH  | /${vars.base}/*            | api/v1                 | /api/v1/*
            """)
    void policyVarsFillWholeSegmentsAndMaySpanSeveral(Kind kind, String text, String value, String expected) {
        String key = text.substring(text.indexOf("${vars.") + 7, text.indexOf('}'));
        Template bound = Template.parse(kind, text).bind(Map.of(key, value));
        String joined = String.join(kind == Kind.HOST ? "." : "/", bound.segments().stream().map(s ->
                s instanceof Template.Literal l ? l.text() : s instanceof Template.AnyOne ? (kind == Kind.TOPIC ? "+" : "*")
                        : s instanceof Template.AnyRest ? (kind == Kind.TOPIC ? "#" : "**") : "?").toList());
        assertThat(kind == Kind.PATH ? "/" + joined : joined).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @CsvSource(delimiter = '|', textBlock = """
            TOPIC | a/${vars.x}  | +
            TOPIC | a/${vars.x}  | #
            TOPIC | a/${vars.x}  | ''
            HOST  | ${vars.x}.com| *.evil
            PATH  | /${vars.x}   | ../etc
            """)
    void refusesVarsThatAreNotLiteralSegments(Kind kind, String text, String value) {
        assertThatThrownBy(() -> Template.parse(kind, text).bind(Map.of("x", value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("vars.x: ");
    }

    @ParameterizedTest(name = "{0} \"{1}\": {2}")
    @CsvSource(delimiter = '|', textBlock = """
            TOPIC | abc           | true
            TOPIC | a.b           | true
            TOPIC | sha256:00ff   | true
            TOPIC | a/b           | false
            TOPIC | +             | false
            TOPIC | #             | false
            TOPIC | *             | false
            TOPIC | ..            | false
            TOPIC | a..b          | false
            TOPIC | .             | false
            TOPIC | ''            | false
            PATH  | a b           | true
            HOST  | a.b           | false
            HOST  | Abc-1_2       | true
            HOST  | a:b           | false
            """)
    void deviceValuesMustFillExactlyOneSegment(Kind kind, String value, boolean safe) {
        assertThat(Template.isSafeValue(kind, value)).isEqualTo(safe);
        assertThat(Template.isSafeValue(kind, value == null ? null : value + "\0")).isFalse();
    }
}
