package io.palisade.app.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.palisade.core.pki.CertificateFiles;
import io.palisade.core.pki.LocalCa;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code palisade pki}: the local CA of a site that has no cloud CA. */
@Command(name = "pki", description = "Manage the site's local certificate authority.",
        subcommands = PkiCommand.Init.class)
final class PkiCommand {

    /** The gateway's own certificate and key, written beside the CA. */
    static final String GATEWAY_CERT = "gateway.crt";
    static final String GATEWAY_KEY = "gateway.key";

    @Command(name = "init", description = {
            "Create a local CA in DIR (root and device-issuing intermediate, ECDSA P-256)",
            "and a gateway server certificate signed by it. DIR must be absent or empty."})
    static final class Init implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "Directory to create the CA in.")
        Path dir;

        @Option(names = "--tenant", defaultValue = "local", description = "Tenant the CA issues devices for (default: ${DEFAULT-VALUE}).")
        String tenant;

        @Option(names = "--dns", split = ",", defaultValue = "localhost",
                description = "DNS names of the gateway's server certificate (default: ${DEFAULT-VALUE}).")
        List<String> dnsNames;

        @Option(names = "--ip", split = ",", defaultValue = "127.0.0.1",
                description = "IP addresses of the gateway's server certificate (default: ${DEFAULT-VALUE}).")
        List<InetAddress> ipAddresses;

        @Option(names = "--server-days", defaultValue = "90", description = "Lifetime of the server certificate in days (default: ${DEFAULT-VALUE}).")
        int serverDays;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (serverDays <= 0) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--server-days: " + serverDays + " (expected: > 0)");
            }
            LocalCa ca = LocalCa.init(dir, tenant, Clock.systemUTC());
            X509Certificate server = CertificateFiles.issueServer(ca.authority(), dir.resolve(GATEWAY_CERT),
                    dir.resolve(GATEWAY_KEY), dnsNames, ipAddresses, Duration.ofDays(serverDays));
            out.println("local CA for tenant " + ca.tenant() + " in " + dir);
            out.println("  " + LocalCa.ROOT_CERT + ", " + LocalCa.ROOT_KEY + "          root CA (keep the key offline)");
            out.println("  " + LocalCa.DEVICE_CA_CERT + ", " + LocalCa.DEVICE_CA_KEY + "  device-issuing CA");
            out.println("  " + LocalCa.CHAIN + ", " + LocalCa.CRL + "        trust bundle, revocation list");
            out.println("  " + GATEWAY_CERT + ", " + GATEWAY_KEY + "    gateway server certificate "
                    + server.getSubjectX500Principal().getName() + ", valid until " + server.getNotAfter().toInstant());
            return 0;
        }
    }
}
