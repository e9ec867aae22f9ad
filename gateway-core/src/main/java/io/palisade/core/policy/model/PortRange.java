package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

/**
 * A range of TCP or UDP ports, both ends included: {@code 443} or {@code "8000-8100"}.
 *
 * @param first the lowest port, 1..65535
 * @param last  the highest port, first..65535
 */
public record PortRange(int first, int last) {

    public PortRange {
        if (first < 1 || first > 65535) {
            throw new IllegalArgumentException("port: " + first + " (expected: 1..65535)");
        }
        if (last < first || last > 65535) {
            throw new IllegalArgumentException("port range: " + first + "-" + last + " (expected: " + first + "..65535 as its end)");
        }
    }

    /** A single port. */
    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /** Parses {@code 443} or {@code 8000-8100}. */
    public static PortRange parse(String text) {
        requireNonNull(text, "text");
        if (!text.matches("[0-9]{1,5}(-[0-9]{1,5})?")) {
            throw new IllegalArgumentException("port range: " + text + " (expected: a port or first-last, e.g. 8000-8100)");
        }
        int dash = text.indexOf('-');
        return dash < 0 ? of(Integer.parseInt(text))
                : new PortRange(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
    }

    /** Whether {@code port} is in this range. */
    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
