package io.palisade.config.policy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * MQTT topic filters as rules write them (MQTT 3.1.1 and 5, section 4.7): levels separated by
 * {@code /}; {@code +} stands for exactly one whole level, {@code #} for all remaining levels and
 * may only be the last level; variables fill whole levels.
 */
final class TopicFilters {

    /** The longest topic MQTT can carry: a UTF-8 string with a 16-bit length. */
    static final int MAX_BYTES = 65535;

    private TopicFilters() {
    }

    /** What is wrong with {@code filter}, phrased as what was expected; empty if nothing. */
    static Optional<String> problemWith(String filter, Set<String> vars) {
        if (filter.isEmpty()) {
            return Optional.of("a non-empty MQTT topic filter");
        }
        if (filter.indexOf('\0') >= 0) {
            return Optional.of("an MQTT topic filter without NUL characters");
        }
        if (filter.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("an MQTT topic filter of at most 65535 bytes");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return Optional.of("an MQTT topic filter with # only as the whole last level (a/b/#)");
            }
            if (level.contains("+") && !level.equals("+")) {
                return Optional.of("an MQTT topic filter with + only as a whole level (a/+/c)");
            }
        }
        return Variables.problemWith(filter, '/', "topic level", vars);
    }
}
