package io.palisade.proxy.service;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A listener that serves protocols rather than a fixed route: each verified device is handed to
 * one of {@code services}, chosen by the protocol it agreed in ALPN. A device that agreed none
 * gets {@code defaultService} (with a single service, that one is the default).
 *
 * @param name           the listener's name, as in {@code gateway.yaml}; names events and metrics
 * @param bind           the local address to listen on (port 0 picks a free port)
 * @param services       the services, with distinct names and distinct ALPN ids
 * @param defaultService the name of the service for devices without ALPN; empty with several
 *                       services means such devices are refused
 */
public record ServiceListener(String name, InetSocketAddress bind, List<DeviceService> services, Optional<String> defaultService) {

    public ServiceListener {
        requireNonNull(name, "name");
        requireNonNull(bind, "bind");
        services = List.copyOf(requireNonNull(services, "services"));
        requireNonNull(defaultService, "defaultService");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: a listener name)");
        }
        if (bind.isUnresolved()) {
            throw new IllegalArgumentException("bind: " + bind + " (expected: a resolved local address)");
        }
        if (services.isEmpty()) {
            throw new IllegalArgumentException("services: none (expected: at least one service on listener " + name + ")");
        }
        Set<String> names = new HashSet<>();
        Map<String, String> alpn = new HashMap<>();
        for (DeviceService s : services) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("services: " + s.name() + " appears twice (expected: unique service names)");
            }
            for (String id : s.alpnProtocols()) {
                String before = alpn.putIfAbsent(id, s.name());
                if (before != null) {
                    throw new IllegalArgumentException("alpn: " + id + " of " + s.name() + " (expected: not already answered by " + before + ")");
                }
            }
        }
        if (services.size() == 1 && defaultService.isEmpty()) {
            defaultService = Optional.of(services.get(0).name());
        }
        if (defaultService.isPresent() && !names.contains(defaultService.get())) {
            throw new IllegalArgumentException("defaultService: " + defaultService.get() + " (expected: one of " + names + ")");
        }
    }

    /** A listener of {@code services}; with a single service, it is also the default. */
    public ServiceListener(String name, InetSocketAddress bind, List<DeviceService> services) {
        this(name, bind, services, Optional.empty());
    }

    /** The service answering ALPN id {@code protocol}, or the default service when it is empty. */
    public Optional<DeviceService> serviceFor(Optional<String> protocol) {
        String wanted = protocol.isPresent() ? null : defaultService.orElse(null);
        for (DeviceService s : services) {
            if (protocol.isPresent() ? s.alpnProtocols().contains(protocol.get()) : s.name().equals(wanted)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Every ALPN id the services answer, in order. */
    public List<String> alpnProtocols() {
        return services.stream().flatMap(s -> s.alpnProtocols().stream()).toList();
    }
}
