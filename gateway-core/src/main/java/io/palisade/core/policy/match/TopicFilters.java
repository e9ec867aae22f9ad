package io.palisade.core.policy.match;

import static java.util.Objects.requireNonNull;

/**
 * MQTT topic names and filters with the exact semantics of MQTT 3.1.1 and 5 (section 4.7):
 * levels are split on {@code /} and may be empty ({@code /finance} has the levels {@code ""} and
 * {@code finance}); {@code +} matches exactly one level, empty included; {@code #} matches the
 * rest, zero or more levels, so {@code sport/#} matches {@code sport}; and a wildcard in the
 * first level never matches a topic whose first level starts with {@code $} ({@code #} and
 * {@code +/x} do not match {@code $SYS/x}). Filters are passed split into levels
 * ({@link #levels}).
 */
public final class TopicFilters {

    private TopicFilters() {
    }

    /** The levels of a topic name or filter ({@code "a//b"} is {@code a, "", b}). */
    public static String[] levels(String topicOrFilter) {
        requireNonNull(topicOrFilter, "topicOrFilter");
        return topicOrFilter.split("/", -1);
    }

    /** Whether {@code topic} is a valid topic name for PUBLISH: not empty, no wildcard, no NUL. */
    public static boolean isValidTopic(String topic) {
        // indexOf(char) is a vectorised intrinsic: three scans beat one char-by-char loop
        return topic != null && !topic.isEmpty()
                && topic.indexOf('+') < 0 && topic.indexOf('#') < 0 && topic.indexOf('\0') < 0;
    }

    /** Whether {@code filter} is a valid filter: not empty, {@code +} and {@code #} whole levels, {@code #} last, no NUL. */
    public static boolean isValidFilter(String filter) {
        if (filter == null || filter.isEmpty() || filter.indexOf('\0') >= 0) {
            return false;
        }
        // one pass, nothing allocated: every subscription and every delivery judged by policy comes here
        int last = filter.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = filter.charAt(i);
            if (c != '+' && c != '#') {
                continue;
            }
            boolean wholeLevel = (i == 0 || filter.charAt(i - 1) == '/') && (i == last || filter.charAt(i + 1) == '/');
            if (!wholeLevel || (c == '#' && i != last)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code filter} matches the topic name {@code topic}. */
    public static boolean matches(String[] filter, String topic) {
        return contains(filter, levels(topic));
    }

    /**
     * Whether every topic that {@code inner} matches is also matched by {@code outer}: the test
     * for allowing a subscription to {@code inner} under an allow pattern {@code outer}.
     * A topic name (no wildcard) is a filter matching itself.
     */
    public static boolean contains(String[] outer, String[] inner) {
        for (int i = 0; ; i++) {
            if (i == outer.length) {
                return i == inner.length;
            }
            String o = outer[i];
            if (o.equals("#")) {
                return !(i == 0 && inner.length > 0 && isDollarLiteral(inner[0]));
            }
            if (i == inner.length) {
                return false;
            }
            String n = inner[i];
            if (n.equals("#")) {
                return false;
            }
            if (o.equals("+")) {
                if (i == 0 && isDollarLiteral(n)) {
                    return false;
                }
            } else if (!o.equals(n)) {
                return false;
            }
        }
    }

    /**
     * Whether some topic is matched by both {@code a} and {@code b}: the test for a deny pattern
     * against a subscription (a subscription that could receive a denied topic is denied).
     */
    public static boolean overlaps(String[] a, String[] b) {
        for (int i = 0; ; i++) {
            boolean aEnd = i == a.length;
            boolean bEnd = i == b.length;
            if (aEnd && bEnd) {
                return true;
            }
            if (!aEnd && a[i].equals("#")) {
                return !(i == 0 && !bEnd && isDollarLiteral(b[0]));
            }
            if (!bEnd && b[i].equals("#")) {
                return !(i == 0 && !aEnd && isDollarLiteral(a[0]));
            }
            if (aEnd || bEnd) {
                return false;
            }
            String x = a[i];
            String y = b[i];
            boolean xPlus = x.equals("+");
            boolean yPlus = y.equals("+");
            if (xPlus && yPlus) {
                continue;
            }
            if (xPlus || yPlus) {
                if (i == 0 && isDollarLiteral(xPlus ? y : x)) {
                    return false;
                }
                continue;
            }
            if (!x.equals(y)) {
                return false;
            }
        }
    }

    private static boolean isDollarLiteral(String level) {
        return level.startsWith("$");
    }
}
