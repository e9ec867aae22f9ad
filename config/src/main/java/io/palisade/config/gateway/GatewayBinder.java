package io.palisade.config.gateway;

import io.palisade.config.internal.Durations;
import io.palisade.core.policy.model.Cidr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns a gateway.yaml document that passed every check into {@link GatewayConfig}: applies the
 * defaults and resolves relative paths against the directory of the file.
 */
final class GatewayBinder {

    /** The word that selects the local CA, for {@code identity} and a tenant's {@code trust}. */
    static final String LOCAL = "local";
    /** A DNS label: site, tenant and listener names. */
    static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final Path baseDirectory;

    private GatewayBinder(Path baseDirectory) {
        this.baseDirectory = baseDirectory;
    }

    static GatewayConfig bind(JsonNode root, Path baseDirectory) {
        return new GatewayBinder(baseDirectory).gateway(root);
    }

    private GatewayConfig gateway(JsonNode root) {
        Path state = root.has("state") ? path(root.get("state")) : GatewayConfig.DEFAULT_STATE;
        Path pki = state.resolve("pki");
        JsonNode identity = root.get("identity");
        IdentityConfig identityConfig = identity == null || identity.isString() ? new IdentityConfig.Local(pki)
                : new IdentityConfig.PemFiles(path(identity.get("certificate")), path(identity.get("key")));
        List<TenantConfig> tenants = new ArrayList<>();
        root.path("tenants").forEach(tenant -> tenants.add(tenant(tenant, pki)));
        if (tenants.isEmpty()) {
            tenants.add(new TenantConfig(LOCAL, new TrustConfig.LocalCa(pki), RevocationConfig.DEFAULT));
        }
        List<ListenerConfig> listeners = new ArrayList<>();
        root.path("listeners").forEach(listener -> listeners.add(listener(listener)));
        Optional<Path> denyList = root.has("denyList") ? Optional.of(path(root.get("denyList"))) : Optional.empty();
        Path policies = root.has("policies") ? path(root.get("policies")) : GatewayConfig.DEFAULT_POLICIES;
        Path registry = root.has("registry") ? path(root.get("registry")) : GatewayConfig.DEFAULT_REGISTRY;
        return new GatewayConfig(root.get("site").asString(), state, identityConfig, tenants, denyList, policies, registry,
                listeners,
                limits(root.path("limits")), admin(root.path("admin")), cloud(root.path("cloud")));
    }

    private CloudConfig cloud(JsonNode cloud) {
        List<Path> vendorKeys = new ArrayList<>();
        cloud.path("updates").path("vendorKeys").forEach(key -> vendorKeys.add(path(key)));
        return new CloudConfig(uri(cloud.path("mqtt")), uri(cloud.path("updates")), vendorKeys, uri(cloud.path("est")));
    }

    private static Optional<java.net.URI> uri(JsonNode upstream) {
        return upstream.has("uri") ? Optional.of(java.net.URI.create(upstream.get("uri").asString())) : Optional.empty();
    }

    private TenantConfig tenant(JsonNode tenant, Path pki) {
        String trust = tenant.get("trust").asString();
        TrustConfig trustConfig = trust.equals(LOCAL) ? new TrustConfig.LocalCa(pki)
                : new TrustConfig.Bundle(path(tenant.get("trust")));
        JsonNode revocation = tenant.path("revocation");
        List<Path> crls = new ArrayList<>();
        revocation.path("crls").forEach(crl -> crls.add(path(crl)));
        RevocationConfig revocationConfig = new RevocationConfig(crls,
                RevocationConfig.DistributionPoints.valueOf(upper(revocation, "distributionPoints", "ignore")),
                RevocationConfig.WhenUnavailable.valueOf(upper(revocation, "whenUnavailable", "deny")));
        return new TenantConfig(tenant.get("name").asString(), trustConfig, revocationConfig);
    }

    private ListenerConfig listener(JsonNode listener) {
        String name = listener.get("name").asString();
        HostPort bind = HostPort.parse(listener.get("bind").asString());
        Set<ListenerConfig.Service> serve = EnumSet.noneOf(ListenerConfig.Service.class);
        listener.path("serve").forEach(s -> serve.add(ListenerConfig.Service.valueOf(s.asString().toUpperCase(Locale.ROOT))));
        Optional<RouteConfig> route = listener.has("route") ? Optional.of(route(listener.get("route"))) : Optional.empty();
        Optional<ProxyProtocolConfig> proxyProtocol = Optional.empty();
        if (listener.has("proxyProtocol")) {
            List<Cidr> trusted = new ArrayList<>();
            listener.get("proxyProtocol").get("trustedFrom").forEach(range -> trusted.add(Cidr.parse(range.asString())));
            proxyProtocol = Optional.of(new ProxyProtocolConfig(trusted));
        }
        return new ListenerConfig(name, bind, serve, route, proxyProtocol);
    }

    private RouteConfig route(JsonNode route) {
        boolean tls = route.path("tls").asBoolean(false);
        return new RouteConfig(HostPort.parse(route.get("to").asString()), tls,
                route.has("trust") ? Optional.of(path(route.get("trust"))) : Optional.empty(),
                route.path("proxyProtocol").asBoolean(false));
    }

    private static LimitsConfig limits(JsonNode limits) {
        LimitsConfig d = LimitsConfig.DEFAULT;
        return new LimitsConfig(
                limits.has("handshakeTimeout") ? duration(limits, "handshakeTimeout") : d.handshakeTimeout(),
                limits.has("idleTimeout") ? duration(limits, "idleTimeout") : d.idleTimeout(),
                limits.path("maxConnections").asInt(d.maxConnections()),
                limits.path("handshakesPerSecondPerAddress").asInt(d.handshakesPerSecondPerAddress()));
    }

    private static AdminConfig admin(JsonNode admin) {
        if (!admin.has("bind")) {
            return AdminConfig.DEFAULT;
        }
        return new AdminConfig(HostPort.parse(admin.get("bind").asString()),
                admin.path("unsafeAllowNonLoopbackAdmin").asBoolean(false));
    }

    private static java.time.Duration duration(JsonNode limits, String name) {
        return Durations.parse(limits.get(name).asString()).orElseThrow();
    }

    private static String upper(JsonNode node, String name, String fallback) {
        return node.path(name).asString(fallback).toUpperCase(Locale.ROOT);
    }

    private Path path(JsonNode node) {
        return baseDirectory.resolve(node.asString()).normalize();
    }
}
