package io.palisade.config.internal;

/**
 * A 1-based line and column in a configuration file.
 *
 * @param line 1-based line
 * @param column 1-based column
 */
public record Mark(int line, int column) {

    /** The start of a file, for problems that concern the file as a whole. */
    public static final Mark START = new Mark(1, 1);

    public Mark {
        line = Math.max(line, 1);
        column = Math.max(column, 1);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
