package io.palisade.adapters.mqtt.cloud;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where the cloud broker is and how the gateway proves itself to it.
 *
 * @param host the broker's host name or address
 * @param port its port
 * @param tls  for {@code mqtts}: the gateway's client identity and the broker's trust anchors;
 *             empty for plain {@code mqtt} (a broker on loopback, such as the embedded default)
 */
public record CloudBroker(String host, int port, Optional<Tls> tls) {

    /** TLS to the broker: the gateway's own key and chain, and whom to trust. */
    public record Tls(KeyManagerFactory keyManagers, TrustManagerFactory trustManagers) {
        public Tls {
            requireNonNull(keyManagers, "keyManagers");
            requireNonNull(trustManagers, "trustManagers");
        }

        /** The gateway's key and chain (leaf first) as its client identity, trusting {@code anchors} for the broker. */
        public static Tls of(PrivateKey key, List<X509Certificate> chain, Collection<X509Certificate> anchors) {
            requireNonNull(key, "key");
            requireNonNull(chain, "chain");
            requireNonNull(anchors, "anchors");
            if (chain.isEmpty() || anchors.isEmpty()) {
                throw new IllegalArgumentException("chain and anchors: " + chain.size() + " and " + anchors.size()
                        + " certificates (expected: at least one each)");
            }
            try {
                char[] password = new char[0];
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("gateway", key, password, chain.toArray(Certificate[]::new));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password);
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (X509Certificate anchor : anchors) {
                    trust.setCertificateEntry("anchor-" + i++, anchor);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                return new Tls(kmf, tmf);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("cloud TLS identity: " + e.getMessage(), e);
            }
        }
    }

    public CloudBroker {
        requireNonNull(host, "host");
        requireNonNull(tls, "tls");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
    }

    /**
     * The broker at {@code uri}: {@code mqtt://host[:1883]} or {@code mqtts://host[:8883]}; an
     * {@code mqtts} URI needs {@code tls}.
     */
    public static CloudBroker of(URI uri, Optional<Tls> tls) {
        requireNonNull(uri, "uri");
        requireNonNull(tls, "tls");
        String scheme = String.valueOf(uri.getScheme());
        if (uri.getHost() == null || !(scheme.equals("mqtt") || scheme.equals("mqtts"))) {
            throw new IllegalArgumentException("cloud.mqtt.uri: " + uri + " (expected: mqtt://host[:port] or mqtts://host[:port])");
        }
        boolean secure = scheme.equals("mqtts");
        if (secure && tls.isEmpty()) {
            throw new IllegalArgumentException("cloud.mqtt.uri: " + uri + " (expected: the gateway's TLS identity for mqtts)");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 8883 : 1883;
        return new CloudBroker(uri.getHost(), port, secure ? tls : Optional.empty());
    }

    /** A plain broker at {@code host:port} (loopback, tests). */
    public static CloudBroker plain(String host, int port) {
        return new CloudBroker(host, port, Optional.empty());
    }

    @Override
    public String toString() {
        return (tls.isPresent() ? "mqtts://" : "mqtt://") + host + ":" + port;
    }
}
