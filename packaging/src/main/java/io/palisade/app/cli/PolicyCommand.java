package io.palisade.app.cli;

import io.palisade.app.cli.PolicyCheck;
import picocli.CommandLine.Command;

/** {@code palisade policy}: the tools network admins use on their policy files, on the gateway's own code path. */
@Command(name = "policy", description = "Check, explain and test device policies.",
        subcommands = {PolicyCheck.class, PolicyExplain.class, PolicyTest.class})
final class PolicyCommand {
}
