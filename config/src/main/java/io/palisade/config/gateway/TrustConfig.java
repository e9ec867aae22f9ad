package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The certificate authorities whose device certificates a tenant accepts.
 *
 * <p>In gateway.yaml: {@code trust: local} or {@code trust: PATH} (a PEM file of CA certificates).
 */
public sealed interface TrustConfig {

    /**
     * Devices enrolled with the gateway's local CA, in {@code pkiDirectory} ({@code <state>/pki}).
     *
     * @param pkiDirectory the local CA's directory
     */
    record LocalCa(Path pkiDirectory) implements TrustConfig {
        public LocalCa {
            requireNonNull(pkiDirectory, "pkiDirectory");
        }
    }

    /**
     * Devices issued by any CA in a PEM bundle, checked to hold at least one certificate when the
     * configuration was loaded.
     *
     * @param file PEM file with one or more CA certificates
     */
    record Bundle(Path file) implements TrustConfig {
        public Bundle {
            requireNonNull(file, "file");
        }
    }
}
