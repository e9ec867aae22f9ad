package io.palisade.proxy.service;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;

import io.netty.bootstrap.Bootstrap;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.PolicyEngine;
import io.palisade.core.policy.Request;
import io.palisade.proxy.events.ProxyEvents;
import io.palisade.proxy.events.RefusalReason;

/**
 * What the data plane hands a {@link DeviceService} for one device connection: who the device is,
 * the policy to ask, a way to reach upstreams on the connection's own event loop, and the two
 * ways to tell the gateway's audit trail what happened. One instance per connection; use it on
 * the connection's event loop.
 */
public interface ServiceContext {

    /** The name of the listener the device connected to. */
    String listener();

    /** The device's address as the gateway sees it. */
    InetSocketAddress remote();

    /** The verified device (the same as {@link io.palisade.proxy.DeviceAttributes#IDENTITY}). */
    DeviceIdentity identity();

    /**
     * The device as the policy sees it; the same instance for every call on this connection, so
     * pass it to each {@link PolicyEngine#decide} (the engine caches per device by it).
     */
    DeviceContext device();

    /** The ALPN protocol the device agreed, empty when it offered none this gateway serves. */
    Optional<String> applicationProtocol();

    /**
     * The policy in force (a {@code PolicyStore} answers with its current generation). Without a
     * configured policy it denies everything.
     */
    PolicyEngine policy();

    /** Where events go; a service rarely needs it directly (see {@link #decided}, {@link #refuse}). */
    ProxyEvents events();

    /** The gateway's clock. */
    Clock clock();

    /**
     * A fresh bootstrap for an outbound connection on this connection's event loop, with the
     * proxy's transport (epoll or NIO), its upstream connect timeout, TCP_NODELAY and half-closure
     * allowed. Add a handler and connect; the upstream channel then shares the device channel's
     * thread, so the two can be spliced without locks. Close it when the device channel closes.
     */
    Bootstrap outbound();

    /**
     * Reports a policy decision the service made on {@code request} (allowed, audited or denied),
     * for the audit log and metrics; see {@link io.palisade.proxy.events.PolicyDecided}.
     */
    void decided(Request request, Decision decision);

    /**
     * Reports that the connection is refused at {@code reason}'s stage (usually
     * {@link RefusalReason#NOT_ADMITTED} or {@link RefusalReason#UPSTREAM_UNAVAILABLE}) with an
     * admin-facing {@code detail}; only the first refusal of a connection is reported. The
     * service then answers the device as its protocol says and closes the channel.
     */
    void refuse(RefusalReason reason, String detail);
}
