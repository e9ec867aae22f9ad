package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated gateway.yaml ({@code apiVersion: palisade/v1}, {@code kind: Gateway}), with every
 * default applied and every relative path resolved against the directory of the file.
 *
 * <p>Obtain one with {@link GatewayConfigLoader#load}; a value of this type has passed every
 * check that {@code palisade check} makes.
 *
 * @param site the name of this site (a DNS label)
 * @param state the state directory (default {@code /var/lib/palisade}); the local CA is in {@code <state>/pki}
 * @param identity where the gateway's own certificate comes from (default: the local CA)
 * @param tenants who may connect, at least one, unique names (default: one tenant {@code local}
 *     trusting the local CA)
 * @param denyList the file of denied devices, if configured
 * @param policies the policy directory, {@code *.yaml} files of kind DevicePolicy and PolicyTemplate
 *     (default {@code /etc/palisade/policies.d}); load it with
 *     {@link io.palisade.config.policy.PolicyLoader#load(Path, Path)}
 * @param registry the site registry, devices.yaml (default {@code /etc/palisade/devices.yaml})
 * @param listeners where devices connect, at least one, unique names and binds
 * @param limits connection and handshake bounds
 * @param admin the admin endpoint
 * @param cloud the cloud upstreams (MQTT broker, update origin, EST CA); each absent is embedded
 */
public record GatewayConfig(String site, Path state, IdentityConfig identity, List<TenantConfig> tenants,
                            Optional<Path> denyList, Path policies, Path registry, List<ListenerConfig> listeners,
                            LimitsConfig limits, AdminConfig admin, CloudConfig cloud) {

    /** The state directory when gateway.yaml names none. */
    public static final Path DEFAULT_STATE = Path.of("/var/lib/palisade");
    /** The policy directory when gateway.yaml names none. */
    public static final Path DEFAULT_POLICIES = Path.of("/etc/palisade/policies.d");
    /** The site registry when gateway.yaml names none. */
    public static final Path DEFAULT_REGISTRY = Path.of("/etc/palisade/devices.yaml");

    public GatewayConfig {
        requireNonNull(site, "site");
        requireNonNull(state, "state");
        requireNonNull(identity, "identity");
        tenants = List.copyOf(requireNonNull(tenants, "tenants"));
        requireNonNull(denyList, "denyList");
        requireNonNull(policies, "policies");
        requireNonNull(registry, "registry");
        listeners = List.copyOf(requireNonNull(listeners, "listeners"));
        requireNonNull(limits, "limits");
        requireNonNull(admin, "admin");
        requireNonNull(cloud, "cloud");
        if (tenants.isEmpty()) {
            throw new IllegalArgumentException("tenants: [] (expected: at least one tenant)");
        }
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("listeners: [] (expected: at least one listener)");
        }
    }

    /** The local CA's directory, {@code <state>/pki}. */
    public Path pkiDirectory() {
        return state.resolve("pki");
    }
}
