package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import io.palisade.config.gateway.IdentityConfig;
import io.palisade.core.pki.PemFiles;

/**
 * The gateway's own certificate chain (leaf first) and private key, as shown to devices.
 *
 * @param key   the private key of {@code chain.get(0)}
 * @param chain the gateway's certificate, then its intermediates
 */
public record ServerIdentity(PrivateKey key, List<X509Certificate> chain) {

    public ServerIdentity {
        requireNonNull(key, "key");
        chain = List.copyOf(requireNonNull(chain, "chain"));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: empty (expected: the gateway's certificate first)");
        }
    }

    /**
     * Reads the identity {@code config} names: the operator's PEM files, or the local CA's server
     * certificate (see {@link LocalPki}, which creates it when absent).
     */
    static ServerIdentity load(IdentityConfig config, LocalPki localPki) throws AssemblyException {
        requireNonNull(config, "config");
        if (config instanceof IdentityConfig.PemFiles files) {
            try {
                return new ServerIdentity(PemFiles.readPrivateKey(files.key()), PemFiles.readCertificates(files.certificate()));
            } catch (IOException e) {
                throw new AssemblyException("identity: " + e.getMessage(), e);
            }
        }
        return localPki.serverIdentity();
    }
}
