package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The gateway could not be assembled from a configuration that passed {@code palisade check}:
 * a file changed since, the local CA is damaged, a listener serves what this build cannot, an
 * address cannot be bound. Carries every problem found, each one line naming the file or the
 * setting and what was expected, so an operator fixes them all in one pass.
 */
public final class AssemblyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public AssemblyException(List<String> problems) {
        super(String.join(System.lineSeparator(), requireNonNull(problems, "problems")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: [] (expected: at least one problem)");
        }
        this.problems = List.copyOf(problems);
    }

    public AssemblyException(String problem, Throwable cause) {
        super(requireNonNull(problem, "problem"), cause);
        this.problems = List.of(problem);
    }

    /** Every problem, one line each. */
    public List<String> problems() {
        return problems;
    }
}
