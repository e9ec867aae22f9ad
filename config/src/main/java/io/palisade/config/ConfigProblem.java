package io.palisade.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * One thing wrong with a configuration file, located precisely enough for an operator (or an
 * editor) to jump to it.
 *
 * <p>Its {@link #toString()} is the single line that {@code palisade check} prints, in the form
 * {@code file:line:column: path: value (expected: what would have been accepted)}, for example
 * <pre>
 * gateway.yaml:12:7: listeners[0].bind: 0.0.0.0:70000 (expected: port 0-65535)
 * </pre>
 *
 * @param file the file as it was named to the loader (relative names stay relative)
 * @param line 1-based line of the offending key or value (1 when the file as a whole is at fault)
 * @param column 1-based column
 * @param path where in the document: {@code listeners[0].bind}; {@code (file)} or
 *     {@code (document)} when the problem is not inside any key
 * @param value the offending value as written, or a short description such as {@code missing}
 * @param expected what would have been accepted, and why the value was not
 */
public record ConfigProblem(Path file, int line, int column, String path, String value, String expected) {

    /** Orders problems as they appear in a file: by line, then column, then path. */
    public static final Comparator<ConfigProblem> BY_POSITION = Comparator.comparingInt(ConfigProblem::line)
            .thenComparingInt(ConfigProblem::column)
            .thenComparing(ConfigProblem::path);

    /**
     * Orders the problems of several files (a policy directory): by file name as given, then
     * {@link #BY_POSITION}.
     */
    public static final Comparator<ConfigProblem> BY_FILE_THEN_POSITION = Comparator
            .comparing((ConfigProblem p) -> p.file().toString()).thenComparing(BY_POSITION);

    public ConfigProblem {
        requireNonNull(file, "file");
        requireNonNull(path, "path");
        requireNonNull(value, "value");
        requireNonNull(expected, "expected");
        if (line < 1) {
            throw new IllegalArgumentException("line: " + line + " (expected: >= 1)");
        }
        if (column < 1) {
            throw new IllegalArgumentException("column: " + column + " (expected: >= 1)");
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + path + ": " + value + " (expected: " + expected + ")";
    }
}
