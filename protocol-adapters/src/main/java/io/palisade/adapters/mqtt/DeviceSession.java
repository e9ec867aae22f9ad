package io.palisade.adapters.mqtt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.palisade.adapters.mqtt.cloud.CloudLink;
import io.palisade.adapters.mqtt.cloud.CloudMessage;
import io.palisade.adapters.mqtt.spool.ReliablePublisher;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.Request;

/**
 * A connected device's MQTT session at the gateway, once its CONNECT was accepted: judges every
 * PUBLISH (both directions) and SUBSCRIBE against policy, relays what is allowed over the device's
 * {@link CloudLink}, and acknowledges a device's QoS 1/2 publish only once the cloud broker (or
 * the spool, while the cloud is unreachable) has it, in the order the device sent them.
 * Everything runs on the device's event loop.
 */
final class DeviceSession extends ChannelInboundHandlerAdapter implements CloudLink.Listener {

    static final String NAME = "mqtt-session";

    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * A device publish waiting for the cloud; acknowledged to the device strictly in arrival order.
     * It is its own receipt from the publisher, so relaying a message allocates nothing else.
     */
    private final class PendingAck implements ReliablePublisher.Receipt {
        final MqttMessageType type;
        final int packetId;
        CloudMessage message;
        byte reason;
        boolean done;

        PendingAck(MqttMessageType type, int packetId) {
            this.type = type;
            this.packetId = packetId;
        }

        @Override
        public void outcome(ReliablePublisher.Outcome outcome) {
            if (outcome == ReliablePublisher.Outcome.SPOOL_FULL) {
                stage.stats().increment(MqttStats.Counter.SPOOL_FULL);
            }
            if (outcome == ReliablePublisher.Outcome.SPOOL_FULL && session.mqtt5()) {
                reason = Packets.QUOTA_EXCEEDED;
            } else if (outcome == ReliablePublisher.Outcome.SPOOL_FULL || outcome == ReliablePublisher.Outcome.UNAVAILABLE) {
                holdAndRetry(this);
                return;
            } else {
                countUp(outcome);
            }
            message = null;
            done = true;
            flushAcks();
        }
    }

    private final SessionContext session;
    private final MqttStage stage;
    private final DeviceIdentity identity;
    private final DeviceContext device;
    private final Audit audit;
    private final MqttVersion version;
    private final Optional<CloudMessage> will;
    private final ReadingGate reading;
    private final DownstreamDelivery downstream;
    private final Map<String, Integer> subscriptions = new LinkedHashMap<>();
    private final ArrayDeque<PendingAck> acks = new ArrayDeque<>();
    private final Set<Integer> qos2FromDevice = new HashSet<>();
    private ChannelHandlerContext ctx;
    private CloudLink link;
    private ReliablePublisher publisher;
    /** QoS 1 publishes of the device not answered with PUBACK yet (QoS 2 ones are in {@link #qos2FromDevice}). */
    private int qos1FromDevice;
    private boolean graceful;
    private final ReliablePublisher.Receipt qos0Outcome = this::countUp;

    /**
     * {@code deviceReceiveMaximum}: how many QoS 1/2 messages the device takes unacknowledged, from
     * its MQTT 5 CONNECT (65535 when it told none).
     */
    DeviceSession(MqttStage stage, DeviceIdentity identity, DeviceContext device, Audit audit, MqttVersion version,
                  Optional<CloudMessage> will, int deviceReceiveMaximum) {
        this.session = new SessionContext(stage, identity, device, audit, version);
        this.stage = stage;
        this.identity = identity;
        this.device = device;
        this.audit = audit;
        this.version = version;
        this.will = will;
        this.reading = new ReadingGate(session);
        this.downstream = new DownstreamDelivery(session, reading, deviceReceiveMaximum);
    }

    /**
     * Registers the session with the stage (closing an older connection of the same device: MQTT
     * session takeover) and opens the device's cloud link, not connected yet.
     */
    CloudLink open(Channel channel) {
        stage.register(identity.id(), this);
        Executor executor = channel.eventLoop();
        link = stage.connector().open(identity.id(), executor, this);
        publisher = stage.publisher(identity.id(), link, executor);
        return link;
    }

    /** The connect was refused or the device left meanwhile: the link is closed, nothing else happened. */
    void abandon() {
        stage.unregister(identity.id(), this);
        link.close(false);
        publisher.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        session.ctx = ctx;
        reading.refreshLimits();
        publisher.cloudUp();
    }

    void resumeReading() {
        reading.update();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof MqttPublishMessage publish) {
                fromDevice(publish);
            } else if (msg instanceof MqttSubscribeMessage subscribe) {
                subscribe(subscribe);
            } else if (msg instanceof MqttUnsubscribeMessage unsubscribe) {
                unsubscribe(unsubscribe);
            } else if (msg instanceof MqttMessage m) {
                control(m);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stage.unregister(identity.id(), this);
        link.close(!graceful && will.isPresent());
        publisher.close();
        ctx.fireChannelInactive();
    }

    // ---- device → cloud

    private void fromDevice(MqttPublishMessage publish) {
        MqttPublishVariableHeader header = publish.variableHeader();
        String topic = header.topicName();
        int qos = publish.fixedHeader().qosLevel().value();
        if (topic.isEmpty() || topic.length() > stage.settings().maxTopicLength()
                || header.properties().getProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS.value()) != null) {
            violation("publish topic of " + topic.length() + " characters or a topic alias (expected: 1.."
                    + stage.settings().maxTopicLength() + ", no alias)");
            return;
        }
        int packetId = header.packetId();
        if (qos == 2 && qos2FromDevice.contains(packetId)) {
            resendPubRec(packetId);
            return;
        }
        if (qos > 0 && version == MqttVersion.MQTT_5 && qos1FromDevice + qos2FromDevice.size() >= stage.settings().receiveMaximum()) {
            receiveMaximumExceeded();
            return;
        }
        byte[] payload = ByteBufUtil.getBytes(publish.payload());
        reading.charge(1, payload.length);
        Request request = new Request.MqttPublish(topic, qos);
        Decision decision = stage.policy().decide(device, request);
        if (!decision.allowed()) {
            denied(request, decision);
            if (qos == 0) {
                return;
            }
            if (version == MqttVersion.MQTT_3_1_1 && stage.settings().deniedPublish() == DeniedPublishAction.DISCONNECT) {
                ctx.close();
                return;
            }
            PendingAck ack = enqueueAck(qos, packetId);
            if (version == MqttVersion.MQTT_5) {
                qos2FromDevice.remove(packetId);
            }
            ack.reason = Packets.NOT_AUTHORIZED;
            ack.done = true;
            flushAcks();
            return;
        }
        CloudMessage message = new CloudMessage(topic, payload, qos, publish.fixedHeader().isRetain());
        if (qos == 0) {
            publisher.publish(message, qos0Outcome);
            return;
        }
        PendingAck ack = enqueueAck(qos, packetId);
        ack.message = message;
        relay(ack);
    }

    private void relay(PendingAck ack) {
        publisher.publish(ack.message, ack);
    }

    /** No room for the message anywhere: the device is not acknowledged and not read until it fits. */
    private void holdAndRetry(PendingAck ack) {
        if (!ctx.channel().isActive()) {
            return;
        }
        reading.pause(ReadingGate.HELD);
        ctx.executor().schedule(() -> {
            reading.resume(ReadingGate.HELD);
            relay(ack);
        }, RETRY_NANOS, TimeUnit.NANOSECONDS);
    }

    /** MQTT 5 §3.3.4: more unanswered QoS 1/2 publishes than the Receive Maximum the device was told. */
    private void receiveMaximumExceeded() {
        stage.stats().increment(MqttStats.Counter.RECEIVE_MAXIMUM_EXCEEDED);
        stage.events().protocolViolation(identity.id(), "more than " + stage.settings().receiveMaximum()
                + " QoS 1/2 publishes unanswered (expected: at most the Receive Maximum)");
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Packets.disconnect(Packets.RECEIVE_MAXIMUM_EXCEEDED)).addListener(ChannelFutureListener.CLOSE);
    }

    private void countUp(ReliablePublisher.Outcome outcome) {
        if (outcome == ReliablePublisher.Outcome.DROPPED) {
            stage.stats().increment(MqttStats.Counter.QOS0_DROPPED);
            return;
        }
        stage.stats().increment(MqttStats.Counter.PUBLISHES_UP);
        if (outcome == ReliablePublisher.Outcome.SPOOLED) {
            stage.stats().increment(MqttStats.Counter.SPOOLED);
        }
    }

    private PendingAck enqueueAck(int qos, int packetId) {
        PendingAck ack = new PendingAck(qos == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC, packetId);
        acks.add(ack);
        if (qos == 2) {
            qos2FromDevice.add(packetId);
        } else {
            qos1FromDevice++;
        }
        if (acks.size() >= stage.settings().receiveMaximum()) {
            reading.pause(ReadingGate.INFLIGHT);
        }
        return ack;
    }

    private void flushAcks() {
        boolean wrote = false;
        while (!acks.isEmpty() && acks.peek().done) {
            PendingAck ack = acks.poll();
            if (ack.type == MqttMessageType.PUBACK) {
                qos1FromDevice--;
            }
            ctx.write(Packets.reply(ack.type, ack.packetId, version == MqttVersion.MQTT_5 ? ack.reason : 0), ctx.voidPromise());
            wrote = true;
        }
        if (wrote) {
            session.flushSoon();
        }
        if (acks.size() < stage.settings().receiveMaximum()) {
            reading.resume(ReadingGate.INFLIGHT);
        }
    }

    private void resendPubRec(int packetId) {
        for (PendingAck pending : acks) {
            if (pending.packetId == packetId && pending.type == MqttMessageType.PUBREC) {
                return;
            }
        }
        ctx.writeAndFlush(Packets.reply(MqttMessageType.PUBREC, packetId, (byte) 0));
    }

    // ---- subscriptions

    private void subscribe(MqttSubscribeMessage message) {
        int packetId = message.variableHeader().messageId();
        List<CompletableFuture<Integer>> codes = new ArrayList<>();
        for (MqttTopicSubscription s : message.payload().topicSubscriptions()) {
            String filter = s.topicFilter();
            int qos = s.qualityOfService().value();
            if (filter.isEmpty() || filter.length() > stage.settings().maxTopicLength()) {
                codes.add(CompletableFuture.completedFuture(Packets.subscribeDenied(version)));
                continue;
            }
            Request request = new Request.MqttSubscribe(filter, qos);
            Decision decision = stage.policy().decide(device, request);
            audit.decided(request, decision);
            if (!decision.allowed()) {
                stage.stats().increment(MqttStats.Counter.SUBSCRIPTIONS_DENIED);
                stage.events().denied(identity.id(), request, decision);
                codes.add(CompletableFuture.completedFuture(Packets.subscribeDenied(version)));
                continue;
            }
            codes.add(link.subscribe(filter, qos).toCompletableFuture()
                    .exceptionally(e -> Packets.SUBACK_FAILURE)
                    .thenApply(granted -> {
                        if (granted < 0x80) {
                            subscriptions.put(filter, granted);
                        }
                        return granted;
                    }));
        }
        CompletableFuture.allOf(codes.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            List<Integer> result = codes.stream().map(CompletableFuture::join).toList();
            ctx.writeAndFlush(Packets.subAck(packetId, result));
        });
    }

    private void unsubscribe(MqttUnsubscribeMessage message) {
        List<String> filters = message.payload().topics();
        for (String filter : filters) {
            if (subscriptions.remove(filter) != null) {
                link.unsubscribe(filter);
            }
        }
        ctx.writeAndFlush(Packets.unsubAck(version, message.variableHeader().messageId(), filters.size()));
    }

    /** Judges every live subscription again under the policy now in force; revoked ones are unsubscribed at the cloud. */
    void rejudge() {
        reading.refreshLimits();
        for (var it = subscriptions.entrySet().iterator(); it.hasNext();) {
            var entry = it.next();
            Request request = new Request.MqttSubscribe(entry.getKey(), entry.getValue());
            Decision decision = stage.policy().decide(device, request);
            if (!decision.allowed()) {
                audit.decided(request, decision);
                it.remove();
                link.unsubscribe(entry.getKey());
                stage.stats().increment(MqttStats.Counter.SUBSCRIPTIONS_REVOKED);
                stage.events().revoked(identity.id(), entry.getKey(), decision);
            }
        }
    }

    /** {@link #rejudge()} on this session's event loop. */
    void rejudgeOnLoop() {
        ChannelHandlerContext c = session.ctx;
        if (c != null) {
            c.executor().execute(this::rejudge);
        }
    }

    /** The filters the device is subscribed to now, with their granted QoS. */
    Map<String, Integer> subscriptions() {
        return Map.copyOf(subscriptions);
    }

    // ---- cloud → device

    @Override
    public void message(CloudMessage message, Runnable acknowledge) {
        if (ctx == null || !ctx.channel().isActive()) {
            return;
        }
        downstream.offer(message, acknowledge);
    }

    @Override
    public void connectionLost(Throwable cause) {
        publisher.cloudDown();
    }

    @Override
    public void reconnected(boolean sessionPresent) {
        if (!sessionPresent) {
            subscriptions.forEach(link::subscribe);
        }
        publisher.cloudUp();
    }

    // ---- control packets

    private void control(MqttMessage m) {
        MqttMessageType type = m.fixedHeader().messageType();
        switch (type) {
            case PINGREQ -> ctx.writeAndFlush(Packets.pingResp());
            case PUBACK -> downstream.pubAck(packetId(m));
            case PUBREC -> {
                int id = packetId(m);
                boolean refused = version == MqttVersion.MQTT_5 && m.variableHeader() instanceof MqttPubReplyMessageVariableHeader h
                        && (h.reasonCode() & 0xff) >= 0x80;
                if (downstream.pubRec(id, refused)) {
                    ctx.writeAndFlush(Packets.reply(MqttMessageType.PUBREL, id, (byte) 0));
                }
            }
            case PUBCOMP -> downstream.pubComp(packetId(m));
            case PUBREL -> {
                int id = packetId(m);
                qos2FromDevice.remove(id);
                ctx.writeAndFlush(Packets.reply(MqttMessageType.PUBCOMP, id, (byte) 0));
            }
            case DISCONNECT -> {
                graceful = !(m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h && h.reasonCode() == 0x04);
                ctx.close();
            }
            default -> violation(type + " after CONNECT");
        }
    }

    private static int packetId(MqttMessage m) {
        return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
    }

    private void denied(Request request, Decision decision) {
        session.denied(request, decision);
    }

    private void violation(String reason) {
        session.violation(reason);
    }

    /**
     * Closes this session because the same device connected again (MQTT session takeover). The
     * link is closed at once, on the caller's thread, so that it cannot reconnect and take the
     * session back from the new connection; the channel is closed on its own loop.
     */
    void takenOver() {
        graceful = true;
        link.close(false);
        ChannelHandlerContext c = session.ctx;
        if (c != null) {
            c.channel().close();
        }
    }
}
