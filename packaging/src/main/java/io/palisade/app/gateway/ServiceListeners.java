package io.palisade.app.gateway;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.palisade.config.gateway.ListenerConfig;
import io.palisade.config.gateway.ListenerConfig.Service;
import io.palisade.proxy.connect.ConnectService;
import io.palisade.proxy.service.DeviceService;
import io.palisade.proxy.service.ServiceListener;

/**
 * {@code listeners[]} that serve protocols ({@code serve: [...]}, no {@code route}) → the proxy's
 * {@link ServiceListener}s, each with the {@link DeviceService}s this build provides. A service the
 * build does not have yet is a problem at start, never a listener that silently does less.
 */
final class ServiceListeners {

    private ServiceListeners() {}

    static List<ServiceListener> of(List<ListenerConfig> listeners) throws AssemblyException {
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
                if (service == Service.CONNECT) {
                    services.add(ConnectService.create());
                } else {
                    missing.add(service.name().toLowerCase(java.util.Locale.ROOT));
                }
            }
            InetSocketAddress bind = listener.bind().toSocketAddress();
            if (!missing.isEmpty()) {
                problems.add(path + ": serve: " + ListenerRoutes.services(listener) + " (expected: services this build"
                        + " provides: connect; not available yet: " + String.join(", ", missing) + ")");
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
