package io.palisade.config.internal;

import static java.util.Objects.requireNonNull;

import io.palisade.config.ConfigProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Collects the problems of one file as the reader and the validators find them, so that all of
 * them are reported at once. Each problem names the path in the document ({@code listeners[0].bind});
 * the root of the document is shown as {@code (document)}.
 */
public final class Problems {

    /** The path shown for problems with the document as a whole. */
    public static final String DOCUMENT = "(document)";
    /** The path shown for problems with the file itself (missing, unreadable). */
    public static final String FILE = "(file)";

    private static final int MAX_VALUE_LENGTH = 80;

    private final Path file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    public Problems(Path file) {
        this.file = requireNonNull(file, "file");
    }

    /** The file these problems are about, as it was named to the loader. */
    public Path file() {
        return file;
    }

    /** Records one problem; a value longer than 80 characters is shortened with an ellipsis. */
    public void add(Mark at, String path, String value, String expected) {
        requireNonNull(at, "at");
        String shown = value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) + "…" : value;
        problems.add(new ConfigProblem(file, at.line(), at.column(), path.isEmpty() ? DOCUMENT : path,
                shown, expected));
    }

    /** Whether a problem was already recorded for this exact path. */
    public boolean hasProblemAt(String path) {
        String shown = path.isEmpty() ? DOCUMENT : path;
        return problems.stream().anyMatch(p -> p.path().equals(shown));
    }

    /** How a value is shown in a problem: scalars as written, a mapping or list by its kind. */
    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.isNull() ? "null" : node.asString();
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems recorded so far, sorted by position. */
    public List<ConfigProblem> sorted() {
        return problems.stream().sorted(ConfigProblem.BY_POSITION).toList();
    }
}
