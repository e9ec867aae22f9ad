package io.palisade.app.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.palisade.config.gateway.ListenerConfig;
import io.palisade.proxy.TcpRoute;

/**
 * Maps {@code listeners:} onto the data plane's {@link TcpRoute}s. A listener that only names
 * services ({@code serve: [connect, mqtt, …]}) is refused rather than skipped: the protocol
 * adapters are not in this build, and a gateway that reports ready while an MQTT listener the
 * operator configured is silently missing is worse than one that says so and does not start.
 */
final class ListenerRoutes {

    private ListenerRoutes() {}

    static List<TcpRoute> of(List<ListenerConfig> listeners) throws AssemblyException {
        List<TcpRoute> routes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            ListenerConfig listener = listeners.get(i);
            problems.add("listeners[" + i + "] " + listener.name() + ": serve: " + services(listener)
                    + " (expected: a listener with a route; serving connect, updates, est, mqtt or coap"
                    + " is not available in this build)");
        }
        if (!problems.isEmpty()) {
            throw new AssemblyException(problems);
        }
        return routes;
    }

    private static String services(ListenerConfig listener) {
        return listener.serve().stream().map(s -> s.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
