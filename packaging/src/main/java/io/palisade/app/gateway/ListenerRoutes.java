package io.palisade.app.gateway;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.palisade.config.gateway.HostPort;
import io.palisade.config.gateway.ListenerConfig;
import io.palisade.config.gateway.RouteConfig;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.Upstream;
import io.palisade.proxy.UpstreamTls;
import io.palisade.proxy.haproxy.ProxyProtocol;

/**
 * Maps {@code listeners:} onto the data plane's {@link TcpRoute}s; the bind address is resolved
 * now, the upstream at each connection:
 * <pre>
 * route: {to: HOST:PORT}          → TcpRoute(name, bind, Upstream(HOST, PORT))
 *        tls: true                → .withTls(UpstreamTls(trust file's CAs, or the system trust store)
 *                                             .withClientIdentity(the gateway's identity))
 *        proxyProtocol: true      → .withProxyProtocol()  (PROXY v2 header, device id TLV 0xE0)
 * proxyProtocol: {trustedFrom: R} → TcpRoute.withProxyProtocol(ProxyProtocol(R))
 * </pre>
 *
 * <p>A listener that names services ({@code serve: [connect, mqtt, …]}) is refused rather than
 * skipped: the protocol adapters are not in this build, and a gateway that reports ready while a
 * listener the operator configured is silently missing is worse than one that says so and does
 * not start.
 */
final class ListenerRoutes {

    private ListenerRoutes() {}

    /** {@code identity}: the gateway's own, presented to TLS upstreams; null when it failed to load (already reported). */
    static List<TcpRoute> of(List<ListenerConfig> listeners, ServerIdentity identity) throws AssemblyException {
        List<TcpRoute> routes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            ListenerConfig listener = listeners.get(i);
            String path = "listeners[" + i + "] " + listener.name();
            if (listener.route().isEmpty()) {
                continue; // a listener that serves protocols: see ServiceListeners
            }
            InetSocketAddress bind = listener.bind().toSocketAddress();
            if (bind.isUnresolved()) {
                problems.add(path + ": bind: " + listener.bind() + " (expected: a host name that resolves to a local address)");
                continue;
            }
            Upstream upstream;
            try {
                upstream = upstream(listener.route().get(), identity, path + ": route");
            } catch (AssemblyException e) {
                problems.addAll(e.problems());
                continue;
            }
            ProxyProtocol proxyProtocol = listener.proxyProtocol().map(p -> new ProxyProtocol(p.trustedFrom())).orElse(ProxyProtocol.OFF);
            routes.add(new TcpRoute(listener.name(), bind, upstream, proxyProtocol));
        }
        if (!problems.isEmpty()) {
            throw new AssemblyException(problems);
        }
        return routes;
    }

    private static Upstream upstream(RouteConfig route, ServerIdentity identity, String path) throws AssemblyException {
        HostPort to = route.to();
        Upstream upstream = Upstream.of(to.host(), to.port());
        if (route.tls()) {
            UpstreamTls tls = UpstreamTls.trusting(UpstreamTrust.of(route.trust(), path));
            upstream = upstream.withTls(identity == null ? tls : tls.withClientIdentity(identity.key(), identity.chain()));
        }
        return route.proxyProtocol() ? upstream.withProxyProtocol() : upstream;
    }

    static String services(ListenerConfig listener) {
        return listener.serve().stream().map(s -> s.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
