package io.palisade.app.metrics;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.palisade.proxy.events.ConnectionClosed;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.HandshakeSucceeded;
import io.palisade.proxy.events.PolicyDecided;
import io.palisade.proxy.events.ProxyEvents;

/**
 * Counts what the data plane reports, as Prometheus exposes it:
 *
 * <pre>
 * palisade_handshakes_total{listener, result="ok"}          a device proved its identity
 * palisade_handshakes_total{listener, result=REASON}        refused: UNKNOWN_ISSUER, EXPIRED, REVOKED, … (the
 *                                                           verifier's reason), or HANDSHAKE_TIMEOUT, TLS_HANDSHAKE,
 *                                                           NO_CLIENT_CERTIFICATE, CONNECTION_LIMIT, NOT_ADMITTED,
 *                                                           UPSTREAM_UNAVAILABLE (the stage)
 * palisade_connections_active                               admitted connections open now
 * palisade_bytes_relayed_total{listener, direction="up"}    device → upstream, counted when a connection closes
 * palisade_bytes_relayed_total{listener, direction="down"}  upstream → device
 * palisade_connections_closed_total{listener, reason}       FINISHED, IDLE_TIMEOUT, DEVICE_CUT_OFF, SHUTDOWN, ERROR, REFUSED
 * palisade_decisions_total{service, outcome, rule}          policy decisions of the services (CONNECT, …): ALLOW,
 *                                                           DENY or AUDIT, by the rule that decided ("default" for
 *                                                           the default deny); rule names come from the policy files
 * </pre>
 *
 * Labels have bounded values (listener names from gateway.yaml, enum constants): never a device
 * id or an address. A refusal after a successful handshake (admission, upstream) is counted under
 * its reason as well, so {@code result="ok"} plus the refusals can exceed the connections.
 */
public final class ProxyMetrics implements ProxyEvents {

    /** The {@code result} of a handshake that succeeded. */
    public static final String OK = "ok";

    private final MeterRegistry registry;
    private final AtomicLong active = new AtomicLong();

    public ProxyMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
        Gauge.builder("palisade.connections.active", active, AtomicLong::get)
                .description("Admitted device connections open now")
                .register(registry);
    }

    @Override
    public void handshakeSucceeded(HandshakeSucceeded event) {
        active.incrementAndGet();
        handshakes(event.listener(), OK).increment();
    }

    @Override
    public void refused(ConnectionRefused event) {
        String result = event.certificateRefusal().map(Enum::name).orElse(event.reason().name());
        handshakes(event.listener(), result).increment();
    }

    @Override
    public void closed(ConnectionClosed event) {
        active.decrementAndGet();
        bytes(event.listener(), "up").increment(event.bytesFromDevice());
        bytes(event.listener(), "down").increment(event.bytesToDevice());
        Counter.builder("palisade.connections.closed")
                .description("Admitted device connections that ended, by why")
                .tag("listener", event.listener())
                .tag("reason", event.reason().name())
                .register(registry).increment();
    }

    @Override
    public void decided(PolicyDecided event) {
        Counter.builder("palisade.decisions")
                .description("Policy decisions, by service, outcome and the rule that decided")
                .tag("service", event.service())
                .tag("outcome", event.decision().outcome().name())
                .tag("rule", event.decision().ruleName())
                .register(registry).increment();
    }

    /** Admitted connections open now, as the gauge reports them. */
    public long active() {
        return active.get();
    }

    private Counter handshakes(String listener, String result) {
        return Counter.builder("palisade.handshakes")
                .description("Device handshakes, by result: ok, or why the device was refused")
                .tag("listener", listener)
                .tag("result", result)
                .register(registry);
    }

    private Counter bytes(String listener, String direction) {
        return Counter.builder("palisade.bytes.relayed")
                .description("Application bytes relayed, up (device to upstream) or down")
                .tag("listener", listener)
                .tag("direction", direction)
                .register(registry);
    }
}
