package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import io.palisade.core.pki.CertificateAuthority;
import io.palisade.core.pki.CertificateFiles;
import io.palisade.core.pki.LocalCa;
import io.palisade.core.pki.PemFiles;

/**
 * The gateway's local CA in {@code <state>/pki}, for {@code identity: local} and
 * {@code trust: local}. Opened on first use: an absent or empty directory gets a new CA
 * ({@link LocalCa#init}, the same files as {@code palisade pki init}); a server certificate for
 * {@code localhost} and {@code 127.0.0.1} is issued into {@code gateway.crt} / {@code gateway.key}
 * when there is none or it has expired.
 */
final class LocalPki {

    static final String GATEWAY_CERT = "gateway.crt";
    static final String GATEWAY_KEY = "gateway.key";

    private final Path dir;
    private final String tenant;
    private final Clock clock;
    private LocalCa ca;
    private AssemblyException failure;

    /**
     * @param dir    {@code <state>/pki}
     * @param tenant the tenant a new CA issues devices for (the tenant that trusts {@code local})
     */
    LocalPki(Path dir, String tenant, Clock clock) {
        this.dir = requireNonNull(dir, "dir");
        this.tenant = requireNonNull(tenant, "tenant");
        this.clock = requireNonNull(clock, "clock");
    }

    Clock clock() {
        return clock;
    }

    /** The local CA, created now if {@code dir} is absent or empty. */
    LocalCa ca() throws AssemblyException {
        if (ca == null && failure == null) {
            try {
                ca = isEmpty(dir) ? LocalCa.init(dir, tenant, clock) : LocalCa.load(dir, clock);
            } catch (IOException | IllegalArgumentException e) {
                failure = new AssemblyException("local CA: " + e.getMessage(), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return ca;
    }

    /** The server certificate issued by the local CA, issued now when absent or expired. */
    ServerIdentity serverIdentity() throws AssemblyException {
        CertificateAuthority authority = ca().authority();
        Path cert = dir.resolve(GATEWAY_CERT);
        Path key = dir.resolve(GATEWAY_KEY);
        try {
            if (!Files.exists(cert) || !Files.exists(key) || expired(PemFiles.readCertificate(cert))) {
                CertificateFiles.issueServer(authority, cert, key, List.of("localhost"),
                        List.of(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1})), CertificateAuthority.DEFAULT_ENDPOINT_LIFETIME);
            }
            return new ServerIdentity(PemFiles.readPrivateKey(key), PemFiles.readCertificates(cert));
        } catch (IOException | IllegalArgumentException e) {
            throw new AssemblyException("identity: local: " + e.getMessage(), e);
        }
    }

    private boolean expired(X509Certificate certificate) {
        return !certificate.getNotAfter().toInstant().isAfter(clock.instant());
    }

    private static boolean isEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
