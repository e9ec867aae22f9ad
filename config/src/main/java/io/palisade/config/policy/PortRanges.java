package io.palisade.config.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Egress ports as rules write them: a number ({@code 443}) or a range in quotes
 * ({@code "8000-8100"}, both ends included), within 1-65535.
 */
final class PortRanges {

    static final String EXPECTED = "a port 1-65535 or a range \"LOW-HIGH\" (443, \"8000-8100\")";

    private static final Pattern RANGE = Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?");

    /** A parsed range; a single port has {@code low == high}. */
    record Range(int low, int high) {
    }

    private PortRanges() {
    }

    /** The range written as {@code node} (a whole number or a string), or empty if it is not one. */
    static Optional<Range> parse(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? valid(node.intValue(), node.intValue()) : Optional.empty();
        }
        if (!node.isString()) {
            return Optional.empty();
        }
        Matcher m = RANGE.matcher(node.asString());
        if (!m.matches()) {
            return Optional.empty();
        }
        int low = Integer.parseInt(m.group(1));
        int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
        return valid(low, high);
    }

    /** What is wrong with {@code node} as a port or range; empty if nothing. */
    static Optional<String> problemWith(JsonNode node) {
        if (parse(node).isPresent()) {
            return Optional.empty();
        }
        Matcher m = node.isString() ? RANGE.matcher(node.asString()) : null;
        if (m != null && m.matches() && m.group(2) != null
                && Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
            return Optional.of(EXPECTED + "; LOW <= HIGH");
        }
        return Optional.of(EXPECTED);
    }

    private static Optional<Range> valid(int low, int high) {
        return low >= 1 && high <= 65535 && low <= high ? Optional.of(new Range(low, high)) : Optional.empty();
    }
}
