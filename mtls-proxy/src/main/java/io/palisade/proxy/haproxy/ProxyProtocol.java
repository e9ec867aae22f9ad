package io.palisade.proxy.haproxy;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import io.palisade.core.policy.model.Cidr;

/**
 * Which peers of a listener are load balancers speaking the PROXY protocol (version 2, the binary
 * header of HAProxy's {@code send-proxy-v2}, cloud network load balancers and Kubernetes ingress
 * controllers). A balancer that passes TCP through hides every device behind its own address; the
 * header it writes before the device's first byte states the device's address, which then
 * replaces the balancer's everywhere: events and audit lines, the handshake rate limit, policy.
 *
 * <p>Trust is by configured address only, never guessed from the bytes:
 * <ul>
 * <li>a peer inside {@code trustedFrom} must begin with a valid v2 header, else it is refused
 *     ({@link io.palisade.proxy.events.RefusalReason#PROXY_HEADER}); a {@code LOCAL} header
 *     (a balancer's health check, HAProxy {@code check-send-proxy}) is closed without an event;
 * <li>any other peer is a device connecting directly: a PROXY header it sends is not TLS, so its
 *     handshake fails and it is refused like any other garbage.
 * </ul>
 * Version 1 (text) headers are refused: v2 is what balancers send when asked for the binary form,
 * and one format means one parser to trust. The handshake timeout runs from the TCP accept, so it
 * bounds the wait for the header too.
 *
 * @param trustedFrom the balancers' address ranges; empty: no peer is trusted ({@link #OFF})
 */
public record ProxyProtocol(List<Cidr> trustedFrom) {

    /** No PROXY protocol: every peer is a device. */
    public static final ProxyProtocol OFF = new ProxyProtocol(List.of());

    public ProxyProtocol {
        trustedFrom = List.copyOf(requireNonNull(trustedFrom, "trustedFrom"));
    }

    /** PROXY protocol v2 from peers in {@code ranges} (at least one). */
    public static ProxyProtocol trusting(Cidr... ranges) {
        if (ranges.length == 0) {
            throw new IllegalArgumentException("trustedFrom: [] (expected: at least one address range)");
        }
        return new ProxyProtocol(List.of(ranges));
    }

    /** Whether {@code peer} (the TCP peer of an accepted connection) is a trusted load balancer. */
    public boolean trusts(SocketAddress peer) {
        if (!(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return false;
        }
        return trustedFrom.stream().anyMatch(range -> range.contains(inet.getAddress()));
    }

    /** Whether any peer is trusted at all. */
    public boolean isEnabled() {
        return !trustedFrom.isEmpty();
    }
}
