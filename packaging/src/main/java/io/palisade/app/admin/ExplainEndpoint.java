package io.palisade.app.admin;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.palisade.config.policy.cases.RequestLine;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.Explanation;
import io.palisade.core.policy.NearMiss;
import io.palisade.core.policy.PolicyEngine;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.RuleRef;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /explain}: the running gateway's answer to "would device D be allowed to do X, and
 * why", from the policy generation in force — the same {@link Explanation} as {@code palisade
 * policy explain}.
 *
 * <pre>
 * GET /explain?device=ID&amp;tenant=T&amp;product=P&amp;request=mqtt+publish+devices/ID/telemetry[&amp;format=json]
 * </pre>
 *
 * {@code device} (64 hex) and {@code request} ({@value RequestLine#EXPECTED}) are required;
 * {@code tenant} defaults to {@code local}, {@code product} to none; groups and attributes come
 * from the registry in force. Text by default, JSON with {@code format=json}. A missing, unknown
 * or malformed parameter is 400 with what was expected. Read-only.
 */
final class ExplainEndpoint {

    private static final Set<String> PARAMETERS = Set.of("device", "tenant", "product", "request", "format");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PolicyEngine engine;

    ExplainEndpoint(PolicyEngine engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    AdminResponse respond(String query) {
        Map<String, String> params;
        try {
            params = parse(query);
        } catch (IllegalArgumentException e) {
            return AdminResponse.text(400, e.getMessage() + "\n");
        }
        String device = params.get("device");
        if (device == null || !DeviceId.isValid(device)) {
            return AdminResponse.text(400, "device: " + (device == null ? "missing" : device)
                    + " (expected: a device id, 64 lowercase hex characters)\n");
        }
        String line = params.get("request");
        Request request;
        try {
            request = RequestLine.parse(requireNonNull(line, "request"));
        } catch (NullPointerException | IllegalArgumentException e) {
            return AdminResponse.text(400, "request: " + (line == null ? "missing" : line) + " (expected: "
                    + RequestLine.EXPECTED + ")" + (line == null ? "" : ": " + e.getMessage()) + "\n");
        }
        String format = params.getOrDefault("format", "text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            return AdminResponse.text(400, "format: " + format + " (expected: text or json)\n");
        }
        DeviceContext context = DeviceContext.of(DeviceId.parse(device), params.getOrDefault("tenant", "local"),
                Optional.ofNullable(params.get("product")));
        Explanation explanation = engine.explain(context, request);
        return format.equals("json") ? new AdminResponse(200, AdminResponse.JSON, json(explanation) + "\n")
                : AdminResponse.text(200, explanation.toString());
    }

    static String json(Explanation e) {
        ObjectNode root = JSON.createObjectNode();
        root.put("decision", e.decision().outcome().name().toLowerCase(Locale.ROOT));
        root.put("allowed", e.decision().allowed());
        root.put("rule", e.decision().ruleName());
        root.put("reason", e.decision().reason());
        root.put("generation", e.decision().generation());
        ObjectNode device = root.putObject("device");
        device.put("id", e.device().id().value()).put("tenant", e.device().tenant())
                .put("product", e.device().product().orElse(null));
        ArrayNode groups = device.putArray("groups");
        e.registry().groups().stream().sorted().forEach(groups::add);
        ArrayNode policies = root.putArray("policies");
        e.policies().forEach(policies::add);
        root.put("quarantine", e.quarantine().orElse(null));
        ArrayNode matched = root.putArray("matched");
        for (RuleRef r : e.decision().matched()) {
            matched.addObject().put("rule", r.qualifiedName()).put("action", r.action().name().toLowerCase(Locale.ROOT))
                    .put("source", r.source().toString());
        }
        ArrayNode near = root.putArray("nearMisses");
        for (NearMiss n : e.nearMisses()) {
            near.addObject().put("rule", n.rule().qualifiedName()).put("source", n.rule().source().toString()).put("why", n.why());
        }
        root.put("limits", e.limits().toString());
        return JSON.writeValueAsString(root);
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> params = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!PARAMETERS.contains(key)) {
                throw new IllegalArgumentException("parameter: " + key + " (expected: one of device, tenant, product, request, format)");
            }
            if (params.put(key, value) != null) {
                throw new IllegalArgumentException("parameter: " + key + " given twice (expected: once)");
            }
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("query: " + s + " (expected: URL-encoded text)");
        }
    }
}
