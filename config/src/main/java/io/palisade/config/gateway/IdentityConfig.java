package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where the gateway's own certificate and key come from. The gateway shows this certificate to
 * devices (as a TLS server) and to the cloud (as a TLS client).
 *
 * <p>In gateway.yaml: {@code identity: local} (the default), or
 * {@code identity: {certificate: PATH, key: PATH}}.
 */
public sealed interface IdentityConfig {

    /**
     * The certificate is issued by the gateway's local CA, which lives in {@code pkiDirectory}
     * ({@code <state>/pki}) and is created on first start.
     *
     * @param pkiDirectory the local CA's directory
     */
    record Local(Path pkiDirectory) implements IdentityConfig {
        public Local {
            requireNonNull(pkiDirectory, "pkiDirectory");
        }
    }

    /**
     * The certificate and key are files the operator provides; both were checked to hold the
     * right PEM when the configuration was loaded.
     *
     * @param certificate PEM file: the gateway's certificate, then its intermediates
     * @param key PEM file: the gateway's unencrypted private key
     */
    record PemFiles(Path certificate, Path key) implements IdentityConfig {
        public PemFiles {
            requireNonNull(certificate, "certificate");
            requireNonNull(key, "key");
        }
    }
}
