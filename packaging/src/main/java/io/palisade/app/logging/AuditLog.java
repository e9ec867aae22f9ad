package io.palisade.app.logging;

import static net.logstash.logback.argument.StructuredArguments.kv;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.proxy.events.AdmissionWithdrawn;
import io.palisade.proxy.events.ConnectionClosed;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.HandshakeSucceeded;
import io.palisade.proxy.events.ProxyEvents;
import net.logstash.logback.argument.StructuredArgument;

/**
 * Writes each data-plane event as one log line on the {@value #LOGGER} logger, with its facts as
 * fields (JSON fields under {@code palisade run}, {@code key=value} in the message otherwise):
 *
 * <ul>
 *   <li>a refusal: WARN, {@code event=refused}, listener, remote, reason (the verifier's reason,
 *       e.g. {@code UNKNOWN_ISSUER}, or the stage, e.g. {@code HANDSHAKE_TIMEOUT}), stage,
 *       device (when a certificate was seen: what its key claims), detail. Never a stack trace:
 *       a refused device is expected, not an error.</li>
 *   <li>a handshake that verified: INFO, {@code event=handshake}, listener, remote, device,
 *       tenant, product, TLS protocol and cipher, ALPN protocol, resumed — one line per connection, the
 *       connection log an operator reads to answer "did device D connect?".</li>
 *   <li>a close: INFO, {@code event=closed}, listener, remote, device, reason, bytes each way,
 *       duration in milliseconds.</li>
 *   <li>a live connection the new policy no longer admits: WARN, {@code event=admission-withdrawn},
 *       listener, remote, device, generation (the policy now in force), detail (the deciding
 *       rule); its close line follows with reason {@code POLICY_CHANGED}.</li>
 * </ul>
 * Set the {@value #LOGGER} logger to WARN to keep only refusals.
 */
public final class AuditLog implements ProxyEvents {

    /** The logger the events are written to. */
    public static final String LOGGER = "palisade.audit";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    @Override
    public void handshakeSucceeded(HandshakeSucceeded e) {
        if (log.isInfoEnabled()) {
            log.info("device connected {} {} {} {} {} {} {} {} {} {}", kv("event", "handshake"), kv("listener", e.listener()),
                    kv("remote", address(e.remote())), kv("device", e.identity().id().value()),
                    kv("tenant", e.identity().tenant()), kv("product", e.identity().product().orElse("")),
                    kv("protocol", e.protocol()), kv("cipher", e.cipherSuite()),
                    kv("alpn", e.applicationProtocol().orElse("")), kv("resumed", e.resumed()));
        }
    }

    @Override
    public void refused(ConnectionRefused e) {
        String reason = e.certificateRefusal().map(Enum::name).orElse(e.reason().name());
        List<StructuredArgument> fields = new ArrayList<>(List.of(kv("event", "refused"), kv("listener", e.listener()),
                kv("remote", address(e.remote())), kv("reason", reason), kv("stage", e.reason().name())));
        e.device().ifPresent(d -> fields.add(kv("device", d.value())));
        fields.add(kv("detail", e.detail()));
        log.warn("device refused" + " {}".repeat(fields.size()), fields.toArray());
    }

    /** Writes the line of a live connection closed because policy generation {@code generation} refuses it. */
    public static void admissionWithdrawn(AdmissionWithdrawn w, long generation) {
        log.warn("admission withdrawn by a policy change {} {} {} {} {} {}", kv("event", "admission-withdrawn"),
                kv("listener", w.listener()), kv("remote", address(w.remote())), kv("device", w.device().value()),
                kv("generation", generation), kv("detail", w.reason()));
    }

    /** {@code 127.0.0.1:50412}, {@code [::1]:50412}: the peer's address literal, never a name lookup. */
    static String address(InetSocketAddress remote) {
        String host = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + remote.getPort();
    }

    @Override
    public void closed(ConnectionClosed e) {
        if (log.isInfoEnabled()) {
            log.info("connection closed {} {} {} {} {} {} {} {}", kv("event", "closed"), kv("listener", e.listener()),
                    kv("remote", address(e.remote())), kv("device", e.device().value()), kv("reason", e.reason().name()),
                    kv("bytesUp", e.bytesFromDevice()), kv("bytesDown", e.bytesToDevice()),
                    kv("durationMs", e.duration().toMillis()));
        }
    }
}
