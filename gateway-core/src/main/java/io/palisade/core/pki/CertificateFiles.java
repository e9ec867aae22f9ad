package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

import io.palisade.core.identity.DeviceId;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issues a certificate for a freshly generated P-256 key and writes both as files: the key
 * (PKCS#8, mode 0600, written first) and the certificate followed by the device CA (what a TLS
 * peer presents). For a simulated device ({@code palisade device issue}) and for the gateway's
 * own certificates ({@code palisade pki init}).
 */
public final class CertificateFiles {

    public static final String DEVICE_KEY = "device.key";
    public static final String DEVICE_CERT = "device.crt";

    private CertificateFiles() {}

    /**
     * A simulated device: a new key pair, certified under {@code profile}, written to
     * {@code outDir/device.key} and {@code outDir/device.crt} ({@code outDir} is created if needed).
     *
     * @return the new device's id
     */
    public static DeviceId issueDevice(CertificateAuthority ca, Path outDir, DeviceProfile profile) throws IOException {
        requireNonNull(ca, "ca");
        requireNonNull(outDir, "outDir");
        KeyPair keys = KeyPairs.p256();
        X509Certificate cert = ca.issueDevice(keys.getPublic(), profile);
        Files.createDirectories(outDir);
        write(ca, cert, keys, outDir.resolve(DEVICE_CERT), outDir.resolve(DEVICE_KEY));
        return DeviceId.of(keys.getPublic());
    }

    /** The gateway's server certificate and key (see {@link CertificateAuthority#issueServer}). */
    public static X509Certificate issueServer(CertificateAuthority ca, Path certFile, Path keyFile, List<String> dnsNames,
                                              List<InetAddress> ipAddresses, Duration lifetime) throws IOException {
        requireNonNull(ca, "ca");
        KeyPair keys = KeyPairs.p256();
        X509Certificate cert = ca.issueServer(keys.getPublic(), dnsNames, ipAddresses, lifetime);
        write(ca, cert, keys, certFile, keyFile);
        return cert;
    }

    /** The gateway's client certificate and key (see {@link CertificateAuthority#issueClient}). */
    public static X509Certificate issueClient(CertificateAuthority ca, Path certFile, Path keyFile, String commonName,
                                              Duration lifetime) throws IOException {
        requireNonNull(ca, "ca");
        KeyPair keys = KeyPairs.p256();
        X509Certificate cert = ca.issueClient(keys.getPublic(), commonName, lifetime);
        write(ca, cert, keys, certFile, keyFile);
        return cert;
    }

    private static void write(CertificateAuthority ca, X509Certificate cert, KeyPair keys, Path certFile, Path keyFile)
            throws IOException {
        requireNonNull(certFile, "certFile");
        requireNonNull(keyFile, "keyFile");
        PemFiles.writePrivateKey(keyFile, keys.getPrivate());
        List<X509Certificate> chain = new ArrayList<>(List.of(cert));
        chain.add(ca.deviceCa().certificate());
        PemFiles.writeCertificates(certFile, chain);
    }
}
