package io.palisade.config.gateway;

import io.palisade.config.internal.PemFileCheck;
import io.palisade.config.internal.YamlTree;
import io.palisade.core.policy.model.Cidr;
import tools.jackson.databind.JsonNode;

/**
 * Checks what a listener says about load balancers and upstreams: each
 * {@code proxyProtocol.trustedFrom} entry is an address range with zero host bits and narrower
 * than {@code /0} (trusting every peer would let any client claim any address), PROXY protocol
 * is not asked of a UDP (coap) listener, and a route's {@code trust} is a PEM file of
 * certificates, given only with {@code tls: true}.
 */
final class ListenerOptionChecks {

    private ListenerOptionChecks() {
    }

    static void run(CheckContext context, String path, JsonNode listener) {
        proxyProtocol(context, path, listener);
        route(context, path + ".route", listener.path("route"));
    }

    private static void proxyProtocol(CheckContext context, String path, JsonNode listener) {
        JsonNode proxyProtocol = listener.get("proxyProtocol");
        if (proxyProtocol == null || !proxyProtocol.isObject()) {
            return;
        }
        for (JsonNode service : listener.path("serve")) {
            if ("coap".equals(service.asString(null))) {
                context.report(path + ".proxyProtocol", "set on a coap listener",
                        "proxyProtocol on TCP listeners only; coap is DTLS over UDP");
            }
        }
        JsonNode trusted = proxyProtocol.path("trustedFrom");
        for (int i = 0; i < trusted.size(); i++) {
            String at = YamlTree.element(path + ".proxyProtocol.trustedFrom", i);
            CheckContext.text(trusted.get(i)).ifPresent(range -> {
                try {
                    if (Cidr.parse(range).prefixLength() == 0) {
                        context.report(at, range, "a range narrower than /0; trusting every peer lets any client claim any address");
                    }
                } catch (IllegalArgumentException e) {
                    context.report(at, range, expected(e.getMessage()));
                }
            });
        }
    }

    private static void route(CheckContext context, String path, JsonNode route) {
        JsonNode trust = route.get("trust");
        if (trust == null) {
            return;
        }
        JsonNode tls = route.get("tls");
        if (tls == null || tls.isBoolean() && !tls.asBoolean()) {
            CheckContext.text(trust).ifPresent(t -> context.report(path + ".trust", t,
                    "trust only with tls: true; it names the CAs of an upstream reached over TLS"));
            return;
        }
        context.checkFile(path + ".trust", trust, PemFileCheck.Kind.CERTIFICATES);
    }

    /** {@code "cidr: x (expected: y)"} → {@code "an address range such as 10.0.0.5/32; y"}. */
    private static String expected(String message) {
        int at = message.indexOf("(expected: ");
        String why = at < 0 ? message : message.substring(at + "(expected: ".length(), message.length() - 1);
        return "an address range such as 10.0.0.5/32 or fd00::/64; " + why;
    }
}
