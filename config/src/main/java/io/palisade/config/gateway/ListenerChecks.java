package io.palisade.config.gateway;

import io.palisade.config.internal.YamlTree;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks the listeners of gateway.yaml: names are DNS labels and unique, each bind is a valid
 * {@code HOST:PORT} with a port 0-65535, and no two listeners (nor a listener and the admin
 * endpoint) bind the same address. Port 0 (a free port chosen at start) never collides. Each
 * listener has {@code serve} or a {@code route} (not both), and a route's {@code to} is a
 * {@code HOST:PORT} with a port 1-65535. PROXY protocol and route options: {@link ListenerOptionChecks}.
 */
final class ListenerChecks {

    private ListenerChecks() {
    }

    static void run(CheckContext context) {
        JsonNode listeners = context.root().path("listeners");
        if (!listeners.isArray()) {
            return;
        }
        Map<String, String> pathsByName = new HashMap<>();
        Map<HostPort, String> pathsByBind = new HashMap<>();
        CheckContext.text(context.root().path("admin").get("bind"))
                .filter(bind -> HostPort.problemWith(bind).isEmpty())
                .ifPresent(bind -> pathsByBind.put(HostPort.parse(bind).normalized(), "admin.bind"));
        for (int i = 0; i < listeners.size(); i++) {
            String path = YamlTree.element("listeners", i);
            JsonNode listener = listeners.get(i);
            JsonNode name = listener.get("name");
            context.checkLabel(path + ".name", name);
            CheckContext.text(name).ifPresent(n -> {
                String first = pathsByName.putIfAbsent(n, path);
                if (first != null) {
                    context.report(path + ".name", n, "a listener name used once; " + first + " has it too");
                }
            });
            checkServeOrRoute(context, path, listener);
            ListenerOptionChecks.run(context, path, listener);
            CheckContext.text(listener.get("bind")).ifPresent(bind -> {
                var problem = HostPort.problemWith(bind);
                if (problem.isPresent()) {
                    context.report(path + ".bind", bind, problem.get());
                    return;
                }
                HostPort address = HostPort.parse(bind);
                String first = address.port() == 0 ? null : pathsByBind.putIfAbsent(address.normalized(), path + ".bind");
                if (first != null) {
                    context.report(path + ".bind", bind, "an address used once; " + first + " binds it too");
                }
            });
        }
    }

    private static void checkServeOrRoute(CheckContext context, String path, JsonNode listener) {
        if (!listener.isObject()) {
            return;
        }
        if (!listener.has("serve") && !listener.has("route")) {
            context.report(path + ".serve", "missing", "serve: [SERVICES] or route: {to: HOST:PORT}");
        } else if (listener.has("serve") && listener.has("route")) {
            context.report(path + ".route", "set beside serve", "serve or route, not both;"
                    + " a route relays every device to one upstream");
        }
        CheckContext.text(listener.path("route").get("to")).ifPresent(to -> {
            var problem = HostPort.problemWith(to);
            if (problem.isPresent()) {
                context.report(path + ".route.to", to, problem.get());
            } else if (HostPort.parse(to).port() == 0) {
                context.report(path + ".route.to", to, "an upstream port 1-65535");
            }
        });
    }
}
