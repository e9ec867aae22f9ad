package io.palisade.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code palisade} command: the one entry point for operators, admins and the demo.
 *
 * <p>Exit codes follow {@code nginx -t}: 0 success, 1 the thing checked is invalid or a step
 * failed, 2 usage error.
 */
@Command(name = "palisade",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Edge security gateway for device fleets.",
        subcommands = {
                VersionCommand.class,
                PkiCommand.class,
                DeviceCommand.class,
                CheckCommand.class,
                RunCommand.class,
                DemoCommand.class,
                PolicyCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class PalisadeCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** A command line with Palisade's exit-code conventions, for the launcher and for tests. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new PalisadeCli())
                .setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? 2 : 1)
                .setExecutionExceptionHandler(PalisadeCli::reportFailure)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * A command that fails for a reason the user can act on (a missing or malformed file, a refused
     * request) prints one line, {@code palisade: <what>}, and exits 1; anything else is a bug and
     * prints its stack trace too.
     */
    private static int reportFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean expected = e instanceof java.io.IOException || e instanceof IllegalArgumentException
                || e instanceof java.security.GeneralSecurityException
                || e instanceof io.palisade.core.pki.CsrRejectedException;
        String what = e instanceof java.nio.file.NoSuchFileException ? e.getMessage() + ": no such file"
                : e instanceof java.nio.file.AccessDeniedException ? e.getMessage() + ": permission denied"
                : e.getMessage() != null ? e.getMessage() : e.toString();
        cmd.getErr().println("palisade: " + what);
        if (!expected) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return 1;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
