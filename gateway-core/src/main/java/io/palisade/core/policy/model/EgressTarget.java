package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a device may (or may not) connect: a host pattern or an address range, on some ports,
 * over some transports. Exactly one of {@code host} and {@code cidr} is present.
 *
 * <p>A host pattern ({@link Template.Kind#HOST}) matches the name the device asked for, exactly
 * or by a left-most {@code *.} wildcard for one label; it may use variables as whole labels
 * ({@code ${device.id}.devices.example.com}). A CIDR matches addresses: the literal the device
 * asked for, or the addresses the gateway resolved for the name (so a name resolving into a
 * denied range is refused).
 *
 * @param host       the host pattern as written, or empty
 * @param cidr       the address range, or empty
 * @param ports      the allowed port ranges; empty means every port
 * @param transports the transports; empty means both TCP and UDP
 */
public record EgressTarget(Optional<String> host, Optional<Cidr> cidr, List<PortRange> ports, Set<Transport> transports) {

    public EgressTarget {
        requireNonNull(host, "host");
        requireNonNull(cidr, "cidr");
        ports = List.copyOf(requireNonNull(ports, "ports"));
        transports = Set.copyOf(requireNonNull(transports, "transports"));
        if (host.isPresent() == cidr.isPresent()) {
            throw new IllegalArgumentException("egress target: host " + host.orElse("-") + ", cidr "
                    + cidr.map(Cidr::toString).orElse("-") + " (expected: exactly one of host and cidr)");
        }
        host.ifPresent(h -> Template.parse(Template.Kind.HOST, h));
    }

    /** A host pattern on {@code ports} (empty: any port), any transport. */
    public static EgressTarget host(String pattern, PortRange... ports) {
        return new EgressTarget(Optional.of(pattern), Optional.empty(), List.of(ports), Set.of());
    }

    /** An address range on {@code ports} (empty: any port), any transport. */
    public static EgressTarget cidr(String range, PortRange... ports) {
        return new EgressTarget(Optional.empty(), Optional.of(Cidr.parse(range)), List.of(ports), Set.of());
    }

    /** This target restricted to {@code transports}. */
    public EgressTarget over(Transport... transports) {
        return new EgressTarget(host, cidr, ports, Set.of(transports));
    }

    /** Whether {@code port} over {@code transport} is covered by this target's ports and transports. */
    public boolean coversPort(int port, Transport transport) {
        if (!transports.isEmpty() && !transports.contains(transport)) {
            return false;
        }
        if (ports.isEmpty()) {
            return true;
        }
        for (PortRange r : ports) {
            if (r.contains(port)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return host.orElseGet(() -> cidr.orElseThrow().toString()) + (ports.isEmpty() ? "" : ":" + ports)
                + (transports.isEmpty() ? "" : "/" + transports);
    }
}
