package io.palisade.app.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.palisade.core.pki.PemFiles;

/**
 * The CAs a route's TLS upstream must be certified by: the certificates of {@code route.trust},
 * or, when it names none, the system trust store (the JVM's default CAs, on Debian the
 * ca-certificates bundle).
 */
final class UpstreamTrust {

    private UpstreamTrust() {}

    static Set<X509Certificate> of(Optional<Path> file, String path) throws AssemblyException {
        if (file.isPresent()) {
            try {
                return new LinkedHashSet<>(PemFiles.readCertificates(file.get()));
            } catch (IOException e) {
                throw new AssemblyException(path + ".trust: " + e.getMessage(), e);
            }
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            Set<X509Certificate> anchors = new LinkedHashSet<>();
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    anchors.addAll(Set.of(x509.getAcceptedIssuers()));
                }
            }
            if (anchors.isEmpty()) {
                throw new AssemblyException(List.of(path + ": tls: true (expected: route.trust; the system trust store is empty)"));
            }
            return anchors;
        } catch (GeneralSecurityException e) {
            throw new AssemblyException(path + ": tls: true (expected: route.trust; the system trust store: " + e.getMessage() + ")", e);
        }
    }
}
