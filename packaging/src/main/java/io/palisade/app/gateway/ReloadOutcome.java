package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one reload of one part did: put a validated new state in force ({@code ok}, with a summary
 * of what changed), or kept the state in force and says why ({@code problems}, one line each,
 * naming file:line:col where the file has lines).
 *
 * @param what     the part reloaded
 * @param ok       whether the new state is in force
 * @param summary  one line: what is in force now
 * @param problems why the new state was refused; empty when {@code ok}
 */
public record ReloadOutcome(Reloadable what, boolean ok, String summary, List<String> problems) {

    public ReloadOutcome {
        requireNonNull(what, "what");
        requireNonNull(summary, "summary");
        problems = List.copyOf(requireNonNull(problems, "problems"));
        if (ok != problems.isEmpty()) {
            throw new IllegalArgumentException("problems: " + problems + " (expected: none exactly when ok)");
        }
    }

    static ReloadOutcome ok(Reloadable what, String summary) {
        return new ReloadOutcome(what, true, summary, List.of());
    }

    static ReloadOutcome failed(Reloadable what, List<String> problems) {
        return new ReloadOutcome(what, false, what.label() + " kept: the new one was refused", problems);
    }
}
