package io.palisade.proxy.pipeline;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.identity.Refusal;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.events.ConnectionClosed;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.HandshakeSucceeded;
import io.palisade.proxy.events.PolicyDecided;
import io.palisade.proxy.events.ProxyEvents;
import io.palisade.proxy.events.RefusalReason;

/**
 * One device connection's story, told to {@link ProxyEvents} exactly as that interface promises:
 * at most one refusal, a handshake success before any close event, one close event for a
 * connection that was verified. Counts the bytes relayed each way. Lives as a channel attribute;
 * mutated on the channel's event loop, except {@link #closeReason} which any thread may set.
 * One lives as long as its connection, so it keeps plain fields only (no per-connection atomics
 * or timestamps as objects).
 */
public final class ConnectionContext {

    static final AttributeKey<ConnectionContext> KEY = AttributeKey.valueOf("palisade.connection");
    private static final Logger log = LoggerFactory.getLogger(ConnectionContext.class);
    private static final VarHandle CLOSE_REASON;

    static {
        try {
            CLOSE_REASON = MethodHandles.lookup().findVarHandle(ConnectionContext.class, "closeReason", CloseReason.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String listener;
    private InetSocketAddress remote;
    private InetSocketAddress statedDestination;
    private boolean untold;
    private final ProxyEvents events;
    private final Clock clock;
    private final long openedMillis;
    // compareAndSet through CLOSE_REASON
    private volatile CloseReason closeReason;
    private DeviceIdentity identity;
    private boolean refused;
    private boolean closed;
    private long bytesFromDevice;
    private long bytesToDevice;

    public ConnectionContext(String listener, InetSocketAddress remote, ProxyEvents events, Clock clock) {
        this.listener = requireNonNull(listener, "listener");
        this.remote = requireNonNull(remote, "remote");
        this.events = requireNonNull(events, "events");
        this.clock = requireNonNull(clock, "clock");
        this.openedMillis = clock.millis();
    }

    /** The context of {@code channel}, if the gateway's pipeline set one up. */
    public static Optional<ConnectionContext> of(Channel channel) {
        return Optional.ofNullable(channel.attr(KEY).get());
    }

    /** Attaches this context to {@code channel}. */
    public void attachTo(Channel channel) {
        channel.attr(KEY).set(this);
    }

    public String listener() {
        return listener;
    }

    /** The device's address: the TCP peer's, or the client's as a trusted load balancer stated it. */
    public InetSocketAddress remote() {
        return remote;
    }

    /**
     * Takes the client's addresses from a trusted load balancer's PROXY header: {@code client}
     * replaces the balancer's address in every event after this, and {@code destination} (the
     * address the client connected to) is kept for an upstream PROXY header. Once, before any event.
     */
    public void proxied(InetSocketAddress client, InetSocketAddress destination) {
        requireNonNull(client, "client");
        requireNonNull(destination, "destination");
        if (statedDestination != null || identity != null || refused) {
            throw new IllegalStateException("proxied: too late for " + remote + " (expected: once, before any event)");
        }
        log.debug("{} {}: PROXY header states client {} connecting to {}", listener, remote, client, destination);
        remote = client;
        statedDestination = destination;
    }

    /** The address the device connected to, when a load balancer's PROXY header stated it. */
    public Optional<InetSocketAddress> statedDestination() {
        return Optional.ofNullable(statedDestination);
    }

    /**
     * Ends this connection's story untold: it was no device and nothing was refused (a load
     * balancer's health check). No event follows.
     */
    public void untold() {
        untold = true;
    }

    /** The verified device, once its handshake succeeded. */
    public Optional<DeviceIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    /** Records the verified identity and reports the successful handshake. */
    public void verified(DeviceIdentity verified, String protocol, String cipherSuite, Optional<String> applicationProtocol,
                         boolean resumed) {
        if (identity != null) {
            throw new IllegalStateException("identity: already established for " + remote);
        }
        identity = requireNonNull(verified, "verified");
        log.debug("{} {}: device {} verified ({}, {}, resumed {})", listener, remote, verified.id(), protocol, cipherSuite, resumed);
        HandshakeSucceeded event = new HandshakeSucceeded(listener, remote, verified, protocol, cipherSuite, applicationProtocol,
                resumed, clock.instant());
        emit(() -> events.handshakeSucceeded(event));
    }

    /** Reports a refusal unless this connection was already refused; the caller closes the channel. */
    public void refuse(RefusalReason reason, Optional<Refusal> certificateRefusal, String detail, Optional<DeviceId> device) {
        if (refused || untold) {
            return;
        }
        refused = true;
        closeReason(CloseReason.REFUSED);
        Optional<DeviceId> id = device.isPresent() ? device : identity().map(DeviceIdentity::id);
        log.warn("{} {}: refused {}{}{}: {}", listener, remote, reason, certificateRefusal.map(r -> " " + r).orElse(""),
                id.map(d -> " device " + d).orElse(""), detail);
        ConnectionRefused event = new ConnectionRefused(listener, remote, reason, certificateRefusal, detail, id, clock.instant());
        emit(() -> events.refused(event));
    }

    /** Reports a policy decision that {@code service} asked for on behalf of the verified device. */
    public void decided(String service, Request request, Decision decision) {
        if (identity == null) {
            throw new IllegalStateException("decided: no verified device yet on " + remote);
        }
        log.debug("{} {}: device {} {}: {}", listener, remote, identity.id(), request, decision);
        PolicyDecided event = new PolicyDecided(listener, remote, identity.id(), service, request, decision, clock.instant());
        emit(() -> events.decided(event));
    }

    /** Reports a refusal at a stage that has no certificate verdict. */
    public void refuse(RefusalReason reason, String detail) {
        refuse(reason, Optional.empty(), detail, Optional.empty());
    }

    public boolean isRefused() {
        return refused;
    }

    /** Why the connection ends, if not yet decided; the first reason recorded wins. */
    public void closeReason(CloseReason reason) {
        CLOSE_REASON.compareAndSet(this, null, requireNonNull(reason, "reason"));
    }

    public void countFromDevice(int bytes) {
        bytesFromDevice += bytes;
    }

    public void countToDevice(int bytes) {
        bytesToDevice += bytes;
    }

    /** Reports the close of a verified connection (once); called when the device channel closed. */
    public void closed() {
        if (closed || identity == null) {
            return;
        }
        closed = true;
        Instant now = clock.instant();
        CloseReason recorded = closeReason;
        CloseReason reason = recorded == null ? CloseReason.FINISHED : recorded;
        ConnectionClosed event = new ConnectionClosed(listener, remote, identity.id(), reason, bytesFromDevice, bytesToDevice,
                Duration.ofMillis(now.toEpochMilli() - openedMillis), now);
        emit(() -> events.closed(event));
    }

    private void emit(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("{} {}: event listener failed", listener, remote, e);
        }
    }
}
