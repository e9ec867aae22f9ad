package io.palisade.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of loading a configuration file: either a fully validated value, or every problem
 * found in the file (never both, never neither).
 *
 * <p>A loader reports all problems at once, sorted by file and then by position, so that an
 * operator can fix a file (or a directory of them) in one pass instead of one error per run.
 *
 * @param <T> the validated configuration type
 */
public final class LoadResult<T> {

    private final T value;
    private final List<ConfigProblem> problems;

    private LoadResult(T value, List<ConfigProblem> problems) {
        this.value = value;
        this.problems = problems;
    }

    /** A file that loaded without problems. */
    public static <T> LoadResult<T> loaded(T value) {
        return new LoadResult<>(requireNonNull(value, "value"), List.of());
    }

    /** A file that did not load; {@code problems} must not be empty. */
    public static <T> LoadResult<T> failed(List<ConfigProblem> problems) {
        requireNonNull(problems, "problems");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: [] (expected: at least one problem)");
        }
        return new LoadResult<>(null, problems.stream().sorted(ConfigProblem.BY_FILE_THEN_POSITION).toList());
    }

    /** Whether the file loaded; then {@link #value()} holds it and {@link #problems()} is empty. */
    public boolean isLoaded() {
        return value != null;
    }

    /** The validated configuration, when the file loaded. */
    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    /** Every problem, sorted by file and then position; empty when the file loaded. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /**
     * The validated configuration, or an {@link IllegalStateException} whose message lists every
     * problem, one per line.
     */
    public T orElseThrow() {
        if (value == null) {
            throw new IllegalStateException(problems.stream().map(ConfigProblem::toString)
                    .collect(Collectors.joining(System.lineSeparator())));
        }
        return value;
    }

    @Override
    public String toString() {
        return isLoaded() ? "LoadResult[loaded " + value + "]" : "LoadResult[failed " + problems + "]";
    }
}
