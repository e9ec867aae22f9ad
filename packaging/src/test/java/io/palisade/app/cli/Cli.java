package io.palisade.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code palisade} command in-process, the way the launcher does, and captures what it prints. */
final class Cli {

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Cli() {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PalisadeCli.newCommandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
