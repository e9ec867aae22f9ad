package io.palisade.proxy.pipeline;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.PolicyEngine;
import io.palisade.core.policy.Request;
import io.palisade.proxy.events.ProxyEvents;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.service.ServiceContext;

/** The {@link ServiceContext} of one device connection handed to the service {@link ServiceSelector} chose. */
final class ConnectionServices implements ServiceContext {

    private final Channel channel;
    private final ConnectionContext conn;
    private final DeviceIdentity identity;
    private final DeviceContext device;
    private final Optional<String> applicationProtocol;
    private final String service;
    private final PipelineSettings settings;

    ConnectionServices(Channel channel, DeviceIdentity identity, Optional<String> applicationProtocol, String service,
                       PipelineSettings settings) {
        this.channel = requireNonNull(channel, "channel");
        this.conn = ConnectionContext.of(channel).orElseThrow();
        this.identity = requireNonNull(identity, "identity");
        this.device = DeviceContext.of(identity);
        this.applicationProtocol = requireNonNull(applicationProtocol, "applicationProtocol");
        this.service = requireNonNull(service, "service");
        this.settings = requireNonNull(settings, "settings");
    }

    @Override
    public String listener() {
        return conn.listener();
    }

    @Override
    public InetSocketAddress remote() {
        return conn.remote();
    }

    @Override
    public DeviceIdentity identity() {
        return identity;
    }

    @Override
    public DeviceContext device() {
        return device;
    }

    @Override
    public Optional<String> applicationProtocol() {
        return applicationProtocol;
    }

    @Override
    public PolicyEngine policy() {
        return settings.policy();
    }

    @Override
    public ProxyEvents events() {
        return settings.events();
    }

    @Override
    public Clock clock() {
        return settings.clock();
    }

    @Override
    public Bootstrap outbound() {
        return new Bootstrap().group(channel.eventLoop()).channel(settings.transport().socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.upstreamConnectTimeout().toMillis()))
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true);
    }

    @Override
    public void decided(Request request, Decision decision) {
        conn.decided(service, requireNonNull(request, "request"), requireNonNull(decision, "decision"));
    }

    @Override
    public void refuse(RefusalReason reason, String detail) {
        conn.refuse(requireNonNull(reason, "reason"), requireNonNull(detail, "detail"));
    }
}
