package io.palisade.config.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them in gateway.yaml and policy files: a whole number and a unit, {@code ms},
 * {@code s}, {@code m} or {@code h} ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}).
 */
public final class Durations {

    public static final String EXPECTED = "a duration: a whole number and a unit, ms, s, m or h (500ms, 10s, 5m, 2h)";

    private static final Pattern TEXT = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    private Durations() {
    }

    /** The duration written as {@code text}, or empty if it is not written as one. */
    public static Optional<Duration> parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Optional.of(Duration.ofMillis(amount));
            case "s":
                return Optional.of(Duration.ofSeconds(amount));
            case "m":
                return Optional.of(Duration.ofMinutes(amount));
            default:
                return Optional.of(Duration.ofHours(amount));
        }
    }
}
