package io.palisade.config.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Byte sizes as policy limits write them: a whole number of bytes ({@code 65536}) or a whole
 * number and a binary unit, {@code B}, {@code KiB}, {@code MiB} or {@code GiB} ({@code 64KiB},
 * {@code 1MiB}). Decimal units (kB, MB) are refused rather than guessed at.
 */
final class Sizes {

    static final String EXPECTED = "a size > 0: a whole number of bytes, or with B, KiB, MiB or GiB (64KiB, 1MiB)";

    private static final Pattern TEXT = Pattern.compile("([0-9]{1,12})(B|KiB|MiB|GiB)?");
    private static final long MAX = Long.MAX_VALUE >> 30;

    private Sizes() {
    }

    /** The number of bytes written as {@code node}, or empty if it is not a size > 0. */
    static Optional<Long> parse(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() && node.longValue() > 0 ? Optional.of(node.longValue()) : Optional.empty();
        }
        if (!node.isString()) {
            return Optional.empty();
        }
        Matcher m = TEXT.matcher(node.asString());
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        return amount > 0 && amount <= MAX ? Optional.of(amount << shift) : Optional.empty();
    }
}
