package io.palisade.config.policy;

import io.palisade.core.policy.model.PortRange;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Egress ports as rules write them: a number ({@code 443}) or a range in quotes
 * ({@code "8000-8100"}, both ends included), within 1-65535; parsed by the core's
 * {@link PortRange}.
 */
final class PortRanges {

    static final String EXPECTED = "a port 1-65535 or a range \"LOW-HIGH\" (443, \"8000-8100\")";

    private PortRanges() {
    }

    /** The range written as {@code node}, or why it is not one (as what was expected). */
    static Result parse(JsonNode node) {
        try {
            if (node.isIntegralNumber()) {
                return new Result(Optional.of(PortRange.of(node.canConvertToInt() ? node.intValue() : 0)), "");
            }
            if (node.isString()) {
                return new Result(Optional.of(PortRange.parse(node.asString())), "");
            }
            return new Result(Optional.empty(), EXPECTED);
        } catch (IllegalArgumentException e) {
            return new Result(Optional.empty(), e.getMessage().contains("as its end") ? EXPECTED + "; LOW <= HIGH" : EXPECTED);
        }
    }

    /** A parsed range, or (when empty) what was expected instead. */
    record Result(Optional<PortRange> range, String expected) {
    }
}
