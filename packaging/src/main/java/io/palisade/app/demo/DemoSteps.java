package io.palisade.app.demo;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;

/**
 * Runs the demo's steps one after another, prints one line per step and keeps the score.
 * A step that throws fails with the exception's message; the demo goes on with the next step.
 */
final class DemoSteps {

    /** One step of the demo: does its work and returns the line to print after "ok". */
    @FunctionalInterface
    interface Step {
        String run() throws Exception;
    }

    /** Thrown by a step whose outcome is not what the demo expects. */
    static final class Unexpected extends Exception {
        private static final long serialVersionUID = 1L;

        Unexpected(String message) {
            super(message);
        }
    }

    private final PrintWriter out;
    private int passed;
    private int failed;

    DemoSteps(PrintWriter out) {
        this.out = requireNonNull(out, "out");
    }

    void run(String name, Step step) {
        String line;
        try {
            line = "ok    " + name + ": " + step.run();
            passed++;
        } catch (Exception e) {
            line = "FAIL  " + name + ": " + (e.getMessage() != null ? e.getMessage() : e.toString());
            failed++;
        }
        out.println(line);
        out.flush();
    }

    static void expect(boolean condition, String otherwise) throws Unexpected {
        if (!condition) {
            throw new Unexpected(otherwise);
        }
    }

    /** Prints the summary line and returns the exit code: 0 when every step passed. */
    int finish() {
        out.println("demo: " + passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
