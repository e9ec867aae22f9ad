package io.palisade.app.admin;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.Supplier;

import io.palisade.core.policy.PolicyEngine;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin endpoints, as a pure function of method and path:
 *
 * <pre>
 * GET /livez    200 while the process runs
 * GET /readyz   200 once every listener is bound, 503 before and while shutting down
 * GET /metrics  Prometheus text exposition
 * GET /status   JSON: site, version, start time, listeners with bound addresses, connections, policy
 *               generation, and the update relay (manifests in force or refused, origin fetches)
 * GET /explain  the policy in force explains a decision (see ExplainEndpoint); 404 without a policy engine
 * other paths   404;  other methods on a known path  405 (Allow: GET)
 * </pre>
 *
 * A query string is ignored except by {@code /explain}. No endpoint changes anything.
 */
public final class AdminRoutes {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Supplier<GatewayStatus> status;
    private final Supplier<String> metrics;
    private final Optional<ExplainEndpoint> explain;

    /**
     * @param status  the gateway's status now (readiness included)
     * @param metrics the Prometheus exposition now
     */
    public AdminRoutes(Supplier<GatewayStatus> status, Supplier<String> metrics) {
        this.status = requireNonNull(status, "status");
        this.metrics = requireNonNull(metrics, "metrics");
        this.explain = Optional.empty();
    }

    /**
     * @param status  the gateway's status now (readiness included)
     * @param metrics the Prometheus exposition now
     * @param policy  the policy in force, for {@code /explain}
     */
    public AdminRoutes(Supplier<GatewayStatus> status, Supplier<String> metrics, PolicyEngine policy) {
        this.status = requireNonNull(status, "status");
        this.metrics = requireNonNull(metrics, "metrics");
        this.explain = Optional.of(new ExplainEndpoint(policy));
    }

    /** The answer to {@code method uri}. */
    public AdminResponse respond(String method, String uri) {
        requireNonNull(method, "method");
        requireNonNull(uri, "uri");
        int query = uri.indexOf('?');
        String path = query >= 0 ? uri.substring(0, query) : uri;
        boolean known = switch (path) {
            case "/livez", "/readyz", "/metrics", "/status" -> true;
            case "/explain" -> explain.isPresent();
            default -> false;
        };
        if (!known) {
            return AdminResponse.text(404, "not found: " + path + " (expected: /livez, /readyz, /metrics, /status"
                    + (explain.isPresent() ? ", /explain" : "") + ")\n");
        }
        if (!method.equals("GET")) {
            return AdminResponse.text(405, "method not allowed: " + method + " (expected: GET)\n");
        }
        return switch (path) {
            case "/livez" -> AdminResponse.text(200, "ok\n");
            case "/readyz" -> status.get().ready() ? AdminResponse.text(200, "ready\n")
                    : AdminResponse.text(503, "not ready\n");
            case "/metrics" -> new AdminResponse(200, AdminResponse.PROMETHEUS, metrics.get());
            case "/explain" -> explain.orElseThrow().respond(query >= 0 ? uri.substring(query + 1) : "");
            default -> new AdminResponse(200, AdminResponse.JSON, json(status.get()) + "\n");
        };
    }

    static String json(GatewayStatus s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("site", s.site());
        root.put("version", s.version());
        root.put("startedAt", s.startedAt().toString());
        root.put("ready", s.ready());
        ArrayNode listeners = root.putArray("listeners");
        for (GatewayStatus.Listener l : s.listeners()) {
            listeners.addObject().put("name", l.name()).put("address", l.address()).put("routeTo", l.routeTo());
        }
        root.putObject("connections").put("active", s.activeConnections()).put("open", s.openConnections());
        root.put("policyGeneration", s.policyGeneration());
        s.updates().ifPresent(u -> root.set("updates", JSON.valueToTree(u)));
        return JSON.writeValueAsString(root);
    }
}
