package io.palisade.adapters.mqtt;

import java.util.Optional;
import java.util.concurrent.Executor;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.palisade.adapters.mqtt.cloud.CloudLink;
import io.palisade.adapters.mqtt.cloud.CloudMessage;
import io.palisade.adapters.mqtt.spool.ReliablePublisher;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.DeviceContext;

/**
 * A connected device's MQTT session at the gateway, once its CONNECT was accepted: the handler
 * that owns the device's cloud link and hands each packet to the part that deals with it —
 * {@link UpstreamPublishes} (device → cloud, answered in order once the cloud has each message),
 * {@link DownstreamDelivery} (cloud → device, within the device's in-flight window),
 * {@link Subscriptions} (judged, made at the cloud, judged again on every policy change) and
 * {@link ReadingGate} (whether the device is read: limits and back-pressure). Everything runs on
 * the device's event loop.
 */
final class DeviceSession extends ChannelInboundHandlerAdapter implements CloudLink.Listener {

    static final String NAME = "mqtt-session";

    private final SessionContext session;
    private final Optional<CloudMessage> will;
    private final ReadingGate reading;
    private final int deviceReceiveMaximum;
    private CloudLink link;
    private volatile DownstreamDelivery downstream;
    private ReliablePublisher publisher;
    private UpstreamPublishes upstream;
    private Subscriptions subscriptions;
    private boolean graceful;

    /**
     * {@code deviceReceiveMaximum}: how many QoS 1/2 messages the device takes unacknowledged, from
     * its MQTT 5 CONNECT (65535 when it told none).
     */
    DeviceSession(MqttStage stage, DeviceIdentity identity, DeviceContext device, Audit audit, MqttVersion version,
                  Optional<CloudMessage> will, int deviceReceiveMaximum) {
        this.session = new SessionContext(stage, identity, device, audit, version);
        this.will = will;
        this.reading = new ReadingGate(session);
        this.deviceReceiveMaximum = deviceReceiveMaximum;
    }

    /**
     * Registers the session with the stage (closing an older connection of the same device: MQTT
     * session takeover) and opens the device's cloud link, not connected yet.
     */
    CloudLink open(Channel channel) {
        MqttStage stage = session.stage;
        stage.register(session.identity.id(), this);
        Executor executor = channel.eventLoop();
        link = stage.connector().open(session.identity.id(), executor, this);
        publisher = stage.publisher(session.identity.id(), link, executor);
        upstream = new UpstreamPublishes(session, reading, publisher);
        downstream = new DownstreamDelivery(session, reading, link, deviceReceiveMaximum);
        subscriptions = new Subscriptions(session, link);
        return link;
    }

    /** The connect was refused or the device left meanwhile: the link is closed, nothing else happened. */
    void abandon() {
        session.stage.unregister(session.identity.id(), this);
        link.close(false);
        publisher.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
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
            if (session.ending()) {
                return; // decoded before the session ended: it is closing, nothing more is handled
            }
            if (msg instanceof MqttPublishMessage publish) {
                upstream.publish(publish);
            } else if (msg instanceof MqttSubscribeMessage subscribe) {
                subscriptions.subscribe(subscribe);
            } else if (msg instanceof MqttUnsubscribeMessage unsubscribe) {
                subscriptions.unsubscribe(unsubscribe);
            } else if (msg instanceof MqttMessage m) {
                control(ctx, m);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void control(ChannelHandlerContext ctx, MqttMessage m) {
        MqttMessageType type = m.fixedHeader().messageType();
        switch (type) {
            case PINGREQ -> ctx.writeAndFlush(Packets.pingResp());
            case PUBACK -> downstream.pubAck(packetId(m));
            case PUBREC -> downstream.pubRec(m);
            case PUBCOMP -> downstream.pubComp(packetId(m));
            case PUBREL -> upstream.pubRel(packetId(m));
            case DISCONNECT -> {
                graceful = !(m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h && h.reasonCode() == 0x04);
                ctx.close();
            }
            default -> session.violation(type + " after CONNECT");
        }
    }

    private static int packetId(MqttMessage m) {
        return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.stage.unregister(session.identity.id(), this);
        link.close(!graceful && will.isPresent());
        publisher.close();
        ctx.fireChannelInactive();
    }

    // ---- the cloud side (CloudLink.Listener), on the device's event loop

    @Override
    public void message(CloudMessage message, Runnable acknowledge) {
        ChannelHandlerContext ctx = session.ctx;
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
            subscriptions.resubscribe();
        }
        publisher.cloudUp();
    }

    // ---- calls from the stage, on any thread

    /** How many cloud messages wait behind the device's window (read without the loop: a glimpse, for tests and status). */
    int queuedToDevice() {
        DownstreamDelivery d = downstream;
        return d == null ? 0 : d.queued();
    }

    /** Judges the device's limits and live subscriptions again under the policy now in force, on its event loop. */
    void rejudgeOnLoop() {
        ChannelHandlerContext c = session.ctx;
        if (c != null) {
            c.executor().execute(() -> {
                reading.refreshLimits();
                subscriptions.rejudge();
            });
        }
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
