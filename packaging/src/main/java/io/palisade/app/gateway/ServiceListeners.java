package io.palisade.app.gateway;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.palisade.adapters.http.HttpRelayService;
import io.palisade.config.gateway.ListenerConfig;
import io.palisade.config.gateway.ListenerConfig.Service;
import io.palisade.proxy.connect.ConnectService;
import io.palisade.proxy.service.DeviceService;
import io.palisade.proxy.service.ServiceListener;

/**
 * {@code listeners[]} that serve protocols ({@code serve: [...]}, no {@code route}) → the proxy's
 * {@link ServiceListener}s, each with the {@link DeviceService}s this build provides:
 *
 * <pre>
 * mqtt                  → the gateway's one MQTT service (ALPN mqtt, see MqttUpstream)
 * updates, est          → ONE HttpRelayService with the update and/or EST relay (ALPN h2, http/1.1),
 *   (+ connect)           also serving CONNECT when the listener serves connect too
 * connect (alone)       → ConnectService
 * </pre>
 *
 * A service the build does not have yet is a problem at start, never a listener that silently
 * does less.
 */
final class ServiceListeners {

    private ServiceListeners() {}

    /** The services this build provides, as written in {@code serve}. */
    static final String PROVIDED = "connect, updates, est, mqtt";

    static List<ServiceListener> of(List<ListenerConfig> listeners, MqttUpstream mqtt, HttpRelays relays)
            throws AssemblyException {
        List<ServiceListener> result = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            ListenerConfig listener = listeners.get(i);
            if (listener.route().isPresent()) {
                continue; // a fixed route: see ListenerRoutes
            }
            String path = "listeners[" + i + "] " + listener.name();
            List<DeviceService> services = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (Service service : listener.serve()) {
                if (service == Service.COAP) {
                    missing.add(service.name().toLowerCase(java.util.Locale.ROOT));
                }
            }
            if (listener.serve().contains(Service.MQTT)) {
                services.add(mqtt);
            }
            boolean updates = listener.serve().contains(Service.UPDATES);
            boolean est = listener.serve().contains(Service.EST);
            if (updates || est) {
                try {
                    HttpRelayService.Builder http = HttpRelayService.builder();
                    if (updates) {
                        http.routes(relays.updates());
                    }
                    if (est) {
                        http.routes(relays.est());
                    }
                    if (listener.serve().contains(Service.CONNECT)) {
                        http.connect(ConnectService.create());
                    }
                    services.add(http.build());
                } catch (AssemblyException e) {
                    problems.addAll(e.problems().stream().map(p -> path + ": " + p).toList());
                    continue;
                }
            } else if (listener.serve().contains(Service.CONNECT)) {
                services.add(ConnectService.create());
            }
            InetSocketAddress bind = listener.bind().toSocketAddress();
            if (!missing.isEmpty()) {
                problems.add(path + ": serve: " + ListenerRoutes.services(listener) + " (expected: services this build"
                        + " provides: " + PROVIDED + "; not available yet: " + String.join(", ", missing) + ")");
            } else if (listener.proxyProtocol().isPresent()) {
                problems.add(path + ": proxyProtocol (expected: only on listeners with a route in this build)");
            } else if (bind.isUnresolved()) {
                problems.add(path + ": bind: " + listener.bind() + " (expected: a host name that resolves to a local address)");
            } else {
                result.add(new ServiceListener(listener.name(), bind, services));
            }
        }
        if (!problems.isEmpty()) {
            throw new AssemblyException(problems);
        }
        return result;
    }
}
