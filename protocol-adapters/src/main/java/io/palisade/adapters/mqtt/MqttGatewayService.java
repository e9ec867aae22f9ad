package io.palisade.adapters.mqtt;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.palisade.adapters.mqtt.cloud.CloudBroker;
import io.palisade.adapters.mqtt.cloud.HiveMqConnector;
import io.palisade.adapters.mqtt.embedded.EmbeddedBroker;
import io.palisade.adapters.mqtt.spool.SpoolDirectory;
import io.palisade.core.policy.PolicyStore;

/**
 * The one call that wires MQTT into a running gateway ({@code palisade run}, {@code palisade demo}):
 * from {@code cloud.mqtt.uri} (absent: an embedded Moquette broker on loopback is started as the
 * cloud), the gateway's TLS identity toward the cloud (for {@code mqtts}), the policy store and the
 * state directory (spools in {@code <state>/mqtt-spool}, {@value #DEFAULT_SPOOL_MIB} MiB per device).
 * Put {@link #service()} on every listener that says {@code serve: [mqtt]}; close this when the
 * gateway stops (after the proxy).
 *
 * <pre>{@code
 * MqttGatewayService mqtt = MqttGatewayService.start(config.cloudMqttUri(), Optional.of(CloudBroker.Tls.of(key, chain, anchors)),
 *         policyStore, Path.of("/var/lib/palisade"), MqttSettings.DEFAULTS, auditEvents);
 * proxyBuilder.listener(new ServiceListener("mqtt", bind, List.of(mqtt.service())));
 * }</pre>
 */
public final class MqttGatewayService implements AutoCloseable {

    /** Spool bound per device when the caller does not choose one. */
    public static final long DEFAULT_SPOOL_MIB = 64;

    private static final Logger log = LoggerFactory.getLogger(MqttGatewayService.class);

    private final MqttService service;
    private final MqttStage stage;
    private final EventLoop drainerLoop;
    private final Optional<EmbeddedBroker> embedded;
    private final AutoCloseable policySubscription;
    private final CloudBroker cloud;

    private MqttGatewayService(MqttService service, MqttStage stage, EventLoop drainerLoop, Optional<EmbeddedBroker> embedded,
                               AutoCloseable policySubscription, CloudBroker cloud) {
        this.service = service;
        this.stage = stage;
        this.drainerLoop = drainerLoop;
        this.embedded = embedded;
        this.policySubscription = policySubscription;
        this.cloud = cloud;
    }

    /**
     * Starts the MQTT side of the gateway. {@code cloudUri} is {@code mqtt://host[:port]} or
     * {@code mqtts://host[:port]} (then {@code tls} is required); empty starts the embedded broker.
     */
    public static MqttGatewayService start(Optional<URI> cloudUri, Optional<CloudBroker.Tls> tls, PolicyStore policy,
                                           Path stateDir, MqttSettings settings, MqttEvents events) {
        requireNonNull(cloudUri, "cloudUri");
        requireNonNull(tls, "tls");
        requireNonNull(policy, "policy");
        requireNonNull(stateDir, "stateDir");
        Optional<EmbeddedBroker> embedded = cloudUri.isEmpty() ? Optional.of(EmbeddedBroker.start()) : Optional.empty();
        CloudBroker cloud = embedded.map(EmbeddedBroker::asCloud).orElseGet(() -> CloudBroker.of(cloudUri.get(), tls));
        EventLoop drainerLoop = new DefaultEventLoop(new DefaultThreadFactory("mqtt-spool-drainer", true));
        MqttStage stage = MqttStage.builder().settings(settings).policy(policy).events(events)
                .cloud(new HiveMqConnector(cloud))
                .spools(new SpoolDirectory(stateDir.resolve("mqtt-spool"), DEFAULT_SPOOL_MIB * 1024 * 1024))
                .drainLeftoverSpools(drainerLoop)
                .build();
        stage.startDrainingLeftoverSpools();
        AutoCloseable subscription = policy.addListener(stage.policyListener());
        log.info("MQTT: cloud broker {}{}", cloud, embedded.isPresent() ? " (embedded, no cloud.mqtt.uri configured)" : "");
        return new MqttGatewayService(new MqttService(stage), stage, drainerLoop, embedded, subscription, cloud);
    }

    /** The service for {@code serve: [mqtt]} listeners. */
    public MqttService service() {
        return service;
    }

    /** Where device sessions go. */
    public CloudBroker cloud() {
        return cloud;
    }

    /** The embedded broker, when no cloud was configured. */
    public Optional<EmbeddedBroker> embedded() {
        return embedded;
    }

    @Override
    public void close() {
        try {
            policySubscription.close();
        } catch (Exception e) {
            log.warn("MQTT: removing the policy listener failed", e);
        }
        stage.close();
        drainerLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        embedded.ifPresent(EmbeddedBroker::close);
    }
}
