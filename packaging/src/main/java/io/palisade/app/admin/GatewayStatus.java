package io.palisade.app.admin;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code /status} shows: which gateway this is and what it is doing now.
 *
 * @param site              the site name from gateway.yaml
 * @param version           the build's version
 * @param startedAt         when the process started serving
 * @param ready             whether every listener is bound and the gateway is not shutting down
 * @param listeners         each listener and the address it is bound to
 * @param activeConnections admitted device connections relaying now
 * @param openConnections   device connections open now in any state (handshaking included)
 * @param policyGeneration  the policy generation in force
 * @param updates           the update relay, when a listener serves updates
 */
public record GatewayStatus(String site, String version, Instant startedAt, boolean ready,
                            List<Listener> listeners, long activeConnections, long openConnections,
                            long policyGeneration, Optional<UpdateStatus> updates) {

    public GatewayStatus {
        requireNonNull(site, "site");
        requireNonNull(version, "version");
        requireNonNull(startedAt, "startedAt");
        listeners = List.copyOf(requireNonNull(listeners, "listeners"));
        requireNonNull(updates, "updates");
    }

    /** A status without policy generation or update relay (tests of the admin routes). */
    public GatewayStatus(String site, String version, Instant startedAt, boolean ready,
                         List<Listener> listeners, long activeConnections, long openConnections) {
        this(site, version, startedAt, ready, listeners, activeConnections, openConnections, 0, Optional.empty());
    }

    /**
     * A listener as bound.
     *
     * @param name    its name in gateway.yaml
     * @param address {@code HOST:PORT} it is bound to, with the real port
     * @param routeTo where its devices are relayed ({@code HOST:PORT}), or {@code (services)}
     */
    public record Listener(String name, String address, String routeTo) {
        public Listener {
            requireNonNull(name, "name");
            requireNonNull(address, "address");
            requireNonNull(routeTo, "routeTo");
        }
    }
}
