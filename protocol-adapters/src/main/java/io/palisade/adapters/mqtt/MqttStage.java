package io.palisade.adapters.mqtt;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.palisade.adapters.mqtt.cloud.CloudConnector;
import io.palisade.adapters.mqtt.cloud.CloudLink;
import io.palisade.adapters.mqtt.spool.ReliablePublisher;
import io.palisade.adapters.mqtt.spool.Spool;
import io.palisade.adapters.mqtt.spool.SpoolDirectory;
import io.palisade.adapters.mqtt.spool.SpoolDrainer;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.PolicyEngine;
import io.palisade.core.policy.PolicyListener;

/**
 * The MQTT stage of the gateway: devices connect to it as if it were their broker, and it relays
 * what policy allows to the cloud broker, one upstream session per device under the device's own
 * id (so sessions, wills and retained messages behave exactly as the cloud broker defines them).
 * One instance serves every MQTT listener; {@link #install} puts it on a device's connection once
 * the device is identified and admitted:
 *
 * <pre>
 *  … "identity" ─▶ "admission" ─▶
 *  "mqtt-decoder"   MqttDecoder         3.1.1 and 5, packets up to maxPacketBytes
 *  "mqtt-encoder"   MqttEncoder
 *  "mqtt-bounds"    PacketBoundsHandler  an oversized or malformed packet closes the connection
 *  "mqtt-keepalive" KeepAliveHandler     (after CONNECT) silent for 1.5 × keepalive → closed
 *  "mqtt-connect"   ConnectHandler       CONNECT: client id = device id, will allowed, cloud
 *                                        session opened; then replaced by
 *  "mqtt-session"   DeviceSession        policy on every PUBLISH both ways and SUBSCRIBE, limits,
 *                                        acknowledgement only once the cloud (or spool) has it,
 *                                        an in-flight window towards the device
 *                     │
 *                     ▼ CloudLink (HiveMQ client, MQTT 3.1.1) ──▶ cloud broker
 * </pre>
 *
 * Register {@link #policyListener()} with the policy store: on a new generation every live
 * subscription is judged again and revoked ones are unsubscribed.
 */
public final class MqttStage {

    private static final Logger log = LoggerFactory.getLogger(MqttStage.class);

    private final MqttSettings settings;
    private final PolicyEngine policy;
    private final CloudConnector connector;
    private final Optional<SpoolDirectory> spools;
    private final Optional<SpoolDrainer> drainer;
    private final MqttEvents events;
    private final MqttStats stats = new MqttStats();
    private final Map<DeviceId, DeviceSession> sessions = new ConcurrentHashMap<>();

    private MqttStage(Builder b) {
        this.settings = b.settings;
        this.policy = b.policy;
        this.connector = b.connector;
        this.spools = Optional.ofNullable(b.spools);
        this.drainer = Optional.ofNullable(b.drainerLoop).map(loop -> new SpoolDrainer(b.spools, b.connector, loop));
        this.events = logging(b.events);
    }

    /** Refusals and violations are expected network failures: one WARN line each, no stack, then the caller's events. */
    private static MqttEvents logging(MqttEvents next) {
        return new MqttEvents() {
            @Override
            public void denied(DeviceId device, io.palisade.core.policy.Request request, io.palisade.core.policy.Decision decision) {
                log.debug("device {}: denied {} by {}", device, request, decision.ruleName());
                next.denied(device, request, decision);
            }

            @Override
            public void revoked(DeviceId device, String filter, io.palisade.core.policy.Decision decision) {
                log.info("device {}: subscription {} revoked by policy generation {}", device, filter, decision.generation());
                next.revoked(device, filter, decision);
            }

            @Override
            public void connectRefused(DeviceId device, String reason) {
                log.warn("device {}: MQTT CONNECT refused: {}", device, reason);
                next.connectRefused(device, reason);
            }

            @Override
            public void protocolViolation(DeviceId device, String reason) {
                log.warn("device {}: MQTT connection closed: {}", device, reason);
                next.protocolViolation(device, reason);
            }
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Adds the MQTT handlers at the end of {@code pipeline}, for the verified device {@code identity}. */
    public void install(ChannelPipeline pipeline, DeviceIdentity identity) {
        install(pipeline, identity, DeviceContext.of(identity), Audit.NONE);
    }

    void install(ChannelPipeline pipeline, DeviceIdentity identity, DeviceContext device, Audit audit) {
        requireNonNull(pipeline, "pipeline");
        requireNonNull(identity, "identity");
        pipeline.addLast("mqtt-decoder", new MqttDecoder(settings.maxPacketBytes(), settings.maxClientIdLength()));
        pipeline.addLast("mqtt-encoder", MqttEncoder.INSTANCE);
        pipeline.addLast(PacketBoundsHandler.NAME, new PacketBoundsHandler(identity.id(), this));
        pipeline.addLast(ConnectHandler.NAME, new ConnectHandler(this, identity, device, audit));
    }

    /** Judges every live subscription again under the policy now in force (each on its device's event loop). */
    public void policyChanged() {
        sessions.values().forEach(DeviceSession::rejudgeOnLoop);
    }

    /** What to register with the policy store so that live subscriptions follow policy changes. */
    public PolicyListener policyListener() {
        return (previous, current) -> policyChanged();
    }

    /** How many devices have an MQTT session now. */
    public int sessions() {
        return sessions.size();
    }

    public MqttStats stats() {
        return stats;
    }

    MqttSettings settings() {
        return settings;
    }

    PolicyEngine policy() {
        return policy;
    }

    CloudConnector connector() {
        return connector;
    }

    MqttEvents events() {
        return events;
    }

    /** Files {@code session} as {@code device}'s; an older session of the same device is closed (takeover). */
    void register(DeviceId device, DeviceSession session) {
        DeviceSession old = sessions.put(device, session);
        if (old != null && old != session) {
            old.takenOver();
        }
    }

    void unregister(DeviceId device, DeviceSession session) {
        sessions.remove(device, session);
    }

    /** The publisher of {@code device}'s messages over {@code link}, with its spool when the stage has spools. */
    ReliablePublisher publisher(DeviceId device, CloudLink link, Executor executor) {
        if (spools.isEmpty()) {
            return new ReliablePublisher(link, null, executor, () -> {});
        }
        SpoolDirectory dir = spools.get();
        try {
            Spool spool = drainer.isPresent() ? drainer.get().acquireForDevice(device) : dir.acquire(device);
            return new ReliablePublisher(link, spool, executor, () -> {
                boolean left = !spool.isEmpty(); // an empty spool is not worth reopening to find it empty
                dir.release(device);
                if (left) {
                    drainer.ifPresent(d -> d.released(device));
                }
            });
        } catch (IOException e) {
            log.error("spool of {} cannot be opened; its publishes wait for the cloud instead", device, e);
            return new ReliablePublisher(link, null, executor, () -> {});
        }
    }

    /**
     * Starts delivering the spools departed devices left (those on disk now, and each one a
     * device leaves from now on); a no-op unless the stage was built with
     * {@link Builder#drainLeftoverSpools}.
     */
    public void startDrainingLeftoverSpools() {
        drainer.ifPresent(SpoolDrainer::start);
    }

    /** How many cloud messages wait behind the devices' windows now, over every device (a glimpse). */
    int queuedToDevices() {
        return sessions.values().stream().mapToInt(DeviceSession::queuedToDevice).sum();
    }

    /** How many departed devices' spools are being delivered now. */
    int drainsRunning() {
        return drainer.map(SpoolDrainer::running).orElse(0);
    }

    /** Stops draining leftover spools (what is left stays on disk for the next start). */
    public void close() {
        drainer.ifPresent(SpoolDrainer::close);
    }

    /** Builds an {@link MqttStage}: a policy engine and a cloud connector are required. */
    public static final class Builder {
        private MqttSettings settings = MqttSettings.DEFAULTS;
        private PolicyEngine policy;
        private CloudConnector connector;
        private SpoolDirectory spools;
        private EventLoop drainerLoop;
        private MqttEvents events = MqttEvents.NONE;

        private Builder() {}

        public Builder settings(MqttSettings settings) {
            this.settings = requireNonNull(settings, "settings");
            return this;
        }

        /** Who decides: the gateway's policy store. */
        public Builder policy(PolicyEngine policy) {
            this.policy = requireNonNull(policy, "policy");
            return this;
        }

        /** Where device sessions go: {@link io.palisade.adapters.mqtt.cloud.HiveMqConnector} for a real broker. */
        public Builder cloud(CloudConnector connector) {
            this.connector = requireNonNull(connector, "connector");
            return this;
        }

        /**
         * Where QoS 1/2 publishes wait while the cloud is unreachable. Without spools such a
         * publish is not acknowledged (and the device not read) until the cloud is back.
         */
        public Builder spools(SpoolDirectory spools) {
            this.spools = requireNonNull(spools, "spools");
            return this;
        }

        /**
         * Delivers what departed devices left in their spools, on {@code loop} (see
         * {@link SpoolDrainer}); needs {@link #spools}. Without it a spool waits for its device's
         * next connection.
         */
        public Builder drainLeftoverSpools(EventLoop loop) {
            this.drainerLoop = requireNonNull(loop, "loop");
            return this;
        }

        public Builder events(MqttEvents events) {
            this.events = requireNonNull(events, "events");
            return this;
        }

        public MqttStage build() {
            if (policy == null) {
                throw new IllegalStateException("policy: not set (expected: the gateway's PolicyEngine)");
            }
            if (connector == null) {
                throw new IllegalStateException("cloud: not set (expected: a CloudConnector)");
            }
            if (drainerLoop != null && spools == null) {
                throw new IllegalStateException("drainLeftoverSpools: set without spools (expected: spools(...) too)");
            }
            return new MqttStage(this);
        }
    }
}
