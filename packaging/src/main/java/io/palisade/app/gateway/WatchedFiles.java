package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.palisade.config.gateway.GatewayConfig;
import io.palisade.config.gateway.IdentityConfig;
import io.palisade.config.gateway.TenantConfig;
import io.palisade.config.gateway.TrustConfig;
import io.palisade.core.pki.LocalCa;

/**
 * Which files of a gateway.yaml feed which {@link Reloadable} part, so that a change to a file
 * reloads exactly the parts that read it:
 *
 * <pre>
 * identity: {certificate, key}              → IDENTITY    (identity: local → pki/gateway.crt, gateway.key)
 * tenants[].trust FILE, revocation.crls[]   → TRUST       (trust: local → pki/root.crt, pki/crl.pem)
 * denyList                                  → DENY_LIST
 * registry                                  → POLICY
 * policies (a directory: any file in it)    → POLICY
 * </pre>
 *
 * gateway.yaml itself is not watched: listeners and limits take a restart.
 *
 * @param files each watched file (absolute, normalised) and the parts it feeds
 * @param trees directories any change inside which reloads the part (the policy directory)
 */
record WatchedFiles(Map<Path, Set<Reloadable>> files, Map<Path, Reloadable> trees) {

    WatchedFiles {
        files = Map.copyOf(requireNonNull(files, "files"));
        trees = Map.copyOf(requireNonNull(trees, "trees"));
    }

    static WatchedFiles of(GatewayConfig config) {
        Map<Path, Set<Reloadable>> files = new LinkedHashMap<>();
        Path pki = config.pkiDirectory();
        if (config.identity() instanceof IdentityConfig.PemFiles pem) {
            add(files, pem.certificate(), Reloadable.IDENTITY);
            add(files, pem.key(), Reloadable.IDENTITY);
        } else {
            add(files, pki.resolve(LocalPki.GATEWAY_CERT), Reloadable.IDENTITY);
            add(files, pki.resolve(LocalPki.GATEWAY_KEY), Reloadable.IDENTITY);
        }
        for (TenantConfig tenant : config.tenants()) {
            if (tenant.trust() instanceof TrustConfig.Bundle bundle) {
                add(files, bundle.file(), Reloadable.TRUST);
            } else {
                add(files, pki.resolve(LocalCa.ROOT_CERT), Reloadable.TRUST);
                add(files, pki.resolve(LocalCa.CRL), Reloadable.TRUST);
            }
            tenant.revocation().crls().forEach(crl -> add(files, crl, Reloadable.TRUST));
        }
        config.denyList().ifPresent(file -> add(files, file, Reloadable.DENY_LIST));
        add(files, config.registry(), Reloadable.POLICY);
        add(files, config.policies(), Reloadable.POLICY);
        return new WatchedFiles(files, Map.of(normal(config.policies()), Reloadable.POLICY));
    }

    /** The parts a change to {@code file} reloads (none when it feeds none). */
    Set<Reloadable> partsOf(Path file) {
        Path path = normal(file);
        Set<Reloadable> parts = EnumSet.noneOf(Reloadable.class);
        parts.addAll(files.getOrDefault(path, Set.of()));
        trees.forEach((tree, part) -> {
            if (path.startsWith(tree)) {
                parts.add(part);
            }
        });
        return parts;
    }

    /** The parts fed by any file in {@code dir} (a Kubernetes ConfigMap swaps them all at once). */
    Set<Reloadable> partsIn(Path dir) {
        Path path = normal(dir);
        Set<Reloadable> parts = EnumSet.noneOf(Reloadable.class);
        files.forEach((file, p) -> {
            if (path.equals(file.getParent())) {
                parts.addAll(p);
            }
        });
        trees.forEach((tree, part) -> {
            if (tree.startsWith(path)) {
                parts.add(part);
            }
        });
        return parts;
    }

    static Path normal(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private static void add(Map<Path, Set<Reloadable>> files, Path file, Reloadable part) {
        files.computeIfAbsent(normal(file), f -> EnumSet.noneOf(Reloadable.class)).add(part);
    }
}
