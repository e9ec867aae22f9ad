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
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
