package io.palisade.app.gateway;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.palisade.config.gateway.HostPort;
import io.palisade.config.gateway.ListenerConfig;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.Upstream;

/**
 * Maps {@code listeners:} onto the data plane's {@link TcpRoute}s: {@code route: {to: HOST:PORT}}
 * → {@code TcpRoute(name, bind, Upstream(HOST, PORT))}; the bind address is resolved now, the
 * upstream at each connection.
 *
 * <p>A listener that names services ({@code serve: [connect, mqtt, …]}) is refused rather than
 * skipped: the protocol adapters are not in this build, and a gateway that reports ready while a
 * listener the operator configured is silently missing is worse than one that says so and does
 * not start.
 */
final class ListenerRoutes {

    private ListenerRoutes() {}

    static List<TcpRoute> of(List<ListenerConfig> listeners) throws AssemblyException {
        List<TcpRoute> routes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            ListenerConfig listener = listeners.get(i);
            String path = "listeners[" + i + "] " + listener.name();
            if (listener.route().isEmpty()) {
                problems.add(path + ": serve: " + services(listener) + " (expected: route: {to: HOST:PORT};"
                        + " serving connect, updates, est, mqtt or coap is not available in this build)");
                continue;
            }
            InetSocketAddress bind = listener.bind().toSocketAddress();
            if (bind.isUnresolved()) {
                problems.add(path + ": bind: " + listener.bind() + " (expected: a host name that resolves to a local address)");
                continue;
            }
            HostPort to = listener.route().get().to();
            routes.add(new TcpRoute(listener.name(), bind, Upstream.of(to.host(), to.port())));
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
