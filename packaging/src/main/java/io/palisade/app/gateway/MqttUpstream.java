package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.netty.channel.ChannelPipeline;
import io.palisade.adapters.mqtt.MqttEvents;
import io.palisade.adapters.mqtt.MqttGatewayService;
import io.palisade.adapters.mqtt.MqttService;
import io.palisade.adapters.mqtt.MqttSettings;
import io.palisade.adapters.mqtt.cloud.CloudBroker;
import io.palisade.core.policy.PolicyStore;
import io.palisade.proxy.service.DeviceService;
import io.palisade.proxy.service.ServiceContext;

/**
 * The {@code mqtt} service of {@code serve: [mqtt]} listeners, one per gateway: what the proxy is
 * built with at assembly, while the MQTT side itself ({@link MqttGatewayService}: the cloud broker
 * from {@code cloud.mqtt.uri} or the embedded one, spools in {@code <state>/mqtt-spool}) starts
 * with the gateway ({@link #start}) and stops with it ({@link #close}), reporting denials and
 * refusals to the gateway's {@link MqttEvents} (audit log, metrics).
 */
final class MqttUpstream implements DeviceService, AutoCloseable {

    private final Optional<URI> cloudUri;
    private final Optional<CloudBroker.Tls> tls;
    private final PolicyStore policy;
    private final Path state;
    private final MqttEvents events;
    private volatile MqttGatewayService running;

    MqttUpstream(Optional<URI> cloudUri, Optional<CloudTls> tls, PolicyStore policy, Path state, MqttEvents events) {
        this.cloudUri = requireNonNull(cloudUri, "cloudUri");
        this.tls = requireNonNull(tls, "tls").map(t -> new CloudBroker.Tls(t.keyManagers(), t.trustManagers()));
        this.policy = requireNonNull(policy, "policy");
        this.state = requireNonNull(state, "state");
        this.events = requireNonNull(events, "events");
    }

    /** Starts the MQTT side (the embedded broker when no cloud is configured); once. */
    synchronized MqttGatewayService start() {
        if (running == null) {
            running = MqttGatewayService.start(cloudUri, tls, policy, state, MqttSettings.DEFAULTS, events);
        }
        return running;
    }

    /** The running MQTT side, once started. */
    Optional<MqttGatewayService> running() {
        return Optional.ofNullable(running);
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public List<String> alpnProtocols() {
        return List.of(MqttService.ALPN);
    }

    @Override
    public void install(ChannelPipeline pipeline, ServiceContext context) {
        MqttGatewayService mqtt = running;
        if (mqtt == null) {
            throw new IllegalStateException("mqtt: not started (expected: Gateway.start before devices connect)");
        }
        mqtt.service().install(pipeline, context);
    }

    @Override
    public synchronized void close() {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
