package io.palisade.app.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.pki.Csr;
import io.palisade.core.pki.Pem;
import io.palisade.core.pki.PemFiles;
import io.palisade.core.pki.PublicKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code palisade device id FILE}: the device id of a certificate, private key, public key or CSR.
 * For a certificate it also says whether its CN is bound to its key, and exits 1 when it is not.
 */
@Command(name = "id", description = {
        "Print the device id (SHA-256 of the key's SubjectPublicKeyInfo) of a PEM certificate,",
        "private key, public key or CSR. For a certificate, also whether its CN is bound to its key",
        "(exit 1 when it is not)."})
final class DeviceIdCommand implements Callable<Integer> {

    private static final Pattern FIRST_BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "PEM file: CERTIFICATE, PRIVATE KEY, PUBLIC KEY or CERTIFICATE REQUEST.")
    Path file;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        String source = file.toString();
        Matcher m = FIRST_BLOCK.matcher(pem);
        String type = m.find() ? m.group(1) : "";
        switch (type) {
            case "CERTIFICATE" -> {
                X509Certificate cert = Pem.certificates(pem, source).get(0);
                DeviceId id = DeviceId.of(cert.getPublicKey());
                String cn = SubjectAttribute.of(cert, "CN").orElse(null);
                boolean bound = id.value().equals(cn);
                out.println(id);
                out.println(bound ? "bound: yes (subject CN equals the hash of the certificate's key)"
                        : "bound: NO (subject CN is " + (cn == null ? "absent" : cn) + ", not the hash of the certificate's key)");
                return bound ? 0 : 1;
            }
            case "PRIVATE KEY", "EC PRIVATE KEY" -> out.println(DeviceId.of(PublicKeys.derive(PemFiles.readPrivateKey(file))));
            case "PUBLIC KEY" -> out.println(DeviceId.of(Pem.publicKey(pem, source)));
            case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST" -> out.println(Csr.parse(Pem.csr(pem, source)).deviceId());
            default -> throw new IllegalArgumentException(source + ": " + (type.isEmpty() ? "no PEM block" : type)
                    + " (expected: PEM CERTIFICATE, PRIVATE KEY, PUBLIC KEY or CERTIFICATE REQUEST)");
        }
        return 0;
    }
}
