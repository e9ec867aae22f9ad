package io.palisade.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.pki.CertificateFiles;
import io.palisade.core.pki.DeviceProfile;
import io.palisade.core.pki.LocalCa;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code palisade device}: simulated devices and device ids. */
@Command(name = "device", description = "Issue simulated devices and compute device ids.",
        subcommands = {DeviceCommand.Issue.class, DeviceIdCommand.class})
final class DeviceCommand {

    @Command(name = "issue", description = {
            "Create a key and a certificate for a simulated device with the local CA in --ca,",
            "write device.key (mode 0600) and device.crt (leaf + device CA) to --out, print the device id."})
    static final class Issue implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--ca", required = true, paramLabel = "DIR", description = "The local CA (see: palisade pki init).")
        Path caDir;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write device.key and device.crt.")
        Path outDir;

        @Option(names = "--tenant", description = "The tenant (default: the CA's; anything else is refused).")
        String tenant;

        @Option(names = "--product", defaultValue = "device", description = "The product, the certificate's OU (default: ${DEFAULT-VALUE}).")
        String product;

        @Option(names = "--days", defaultValue = "7", description = "Lifetime in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Override
        public Integer call() throws Exception {
            if (days <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--days: " + days + " (expected: > 0)");
            }
            LocalCa ca = LocalCa.load(caDir, Clock.systemUTC());
            if (tenant != null && !tenant.equals(ca.tenant())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tenant: " + tenant
                        + " (expected: " + ca.tenant() + ", the tenant of the CA in " + caDir + ")");
            }
            DeviceId id = CertificateFiles.issueDevice(ca.authority(), outDir,
                    DeviceProfile.of(product).withLifetime(Duration.ofDays(days)));
            PrintWriter out = spec.commandLine().getOut();
            out.println(id);
            return 0;
        }
    }
}
