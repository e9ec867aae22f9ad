package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

/**
 * Where something was written: a file and a 1-based line and column. Every policy, rule and
 * registry entry carries one, so that a decision, an audit event or {@code palisade policy explain}
 * can point an admin at the exact line that allowed or denied a request.
 *
 * @param file   the file as the admin knows it (e.g. {@code policies.d/20-thermostats.yaml})
 * @param line   1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record SourceRef(String file, int line, int column) {

    /** For values built in code (tests, defaults) rather than read from a file. */
    public static final SourceRef UNKNOWN = new SourceRef("<unknown>", 0, 0);

    public SourceRef {
        requireNonNull(file, "file");
        if (line < 0) {
            throw new IllegalArgumentException("line: " + line + " (expected: >= 0)");
        }
        if (column < 0) {
            throw new IllegalArgumentException("column: " + column + " (expected: >= 0)");
        }
    }

    /** A reference to {@code file} at {@code line:column}. */
    public static SourceRef of(String file, int line, int column) {
        return new SourceRef(file, line, column);
    }

    /** {@code file:line:column}, the form every error and decision uses. */
    @Override
    public String toString() {
        return file + ':' + line + ':' + column;
    }
}
