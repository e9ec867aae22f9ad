package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS toward the cloud upstreams ({@code cloud.mqtt} over mqtts, {@code cloud.updates},
 * {@code cloud.est}): the gateway's own identity as client certificate, the system's CA
 * certificates (the JDK trust store) as trust for the servers.
 */
record CloudTls(KeyManagerFactory keyManagers, TrustManagerFactory trustManagers) {

    CloudTls {
        requireNonNull(keyManagers, "keyManagers");
        requireNonNull(trustManagers, "trustManagers");
    }

    static CloudTls of(ServerIdentity identity) throws AssemblyException {
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("gateway", identity.key(), password, identity.chain().toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            return new CloudTls(kmf, tmf);
        } catch (GeneralSecurityException | IOException e) {
            throw new AssemblyException("cloud: the gateway's identity as TLS client (" + e.getMessage() + ")", e);
        }
    }

    /** A TLS client context: the gateway's key, the system's CAs. */
    SSLContext sslContext() throws AssemblyException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new AssemblyException("cloud: TLS client context (" + e.getMessage() + ")", e);
        }
    }

    /** The system's CA certificates as trust anchors. */
    Set<TrustAnchor> anchors() {
        return Arrays.stream(trustManagers.getTrustManagers())
                .filter(X509TrustManager.class::isInstance)
                .flatMap(tm -> Arrays.stream(((X509TrustManager) tm).getAcceptedIssuers()))
                .map((X509Certificate c) -> new TrustAnchor(c, null))
                .collect(Collectors.toUnmodifiableSet());
    }
}
