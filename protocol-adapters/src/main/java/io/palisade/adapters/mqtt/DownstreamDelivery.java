package io.palisade.adapters.mqtt;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.palisade.adapters.mqtt.cloud.CloudLink;
import io.palisade.adapters.mqtt.cloud.CloudMessage;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request;

/**
 * Cloud → device: delivers what the broker sends for the device's subscriptions, each message
 * judged by policy as it leaves (so one that waited is judged under the policy in force then).
 *
 * <p>At most a window of QoS 1/2 messages is unacknowledged at the device at once: the device's
 * own Receive Maximum from CONNECT (MQTT 5 §3.3.4: the server MUST NOT send more QoS 1/2 PUBLISHes
 * without PUBACK, PUBCOMP or a refusing PUBREC) bounded by {@link MqttSettings#maxInflightToDevice()},
 * which also protects MQTT 3.1.1 devices. Messages beyond the window wait in arrival order and
 * leave as the device's acknowledgements free the window; the broker is acknowledged for a
 * message only once the device acknowledged it (PUBACK, or PUBREC for QoS 2).
 *
 * <p>Once {@link MqttSettings#maxQueuedToDevice()} wait, {@link CloudHold} holds the broker back;
 * a device that cannot keep up even so ({@link CloudHold#limit()}) is disconnected (MQTT 5: 0x97),
 * counted as {@link MqttStats.Counter#DOWNSTREAM_OVERFLOW}: the broker keeps what it sent for the
 * session.
 *
 * <p>QoS 0 is not windowed; it is dropped, and counted, when more than {@link #MAX_QOS0_BACKLOG}
 * bytes already wait to be written to the device.
 */
final class DownstreamDelivery {

    /**
     * How many bytes may wait to be written to a device before QoS 0 messages for it are dropped
     * (QoS 0 is at most once, and the cloud cannot be slowed down for it).
     */
    static final long MAX_QOS0_BACKLOG = 4L * 1024 * 1024;

    private record Waiting(CloudMessage message, Runnable acknowledge) {}

    private final SessionContext session;
    private final ReadingGate reading;
    private final CloudHold hold;
    private final int window;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    /** Packet id → the broker's acknowledgement, until the device's PUBACK or PUBREC. */
    private final Map<Integer, Runnable> unacknowledged = new HashMap<>();
    /** QoS 2 packet ids past PUBREC (PUBREL sent), until the device's PUBCOMP. */
    private final Set<Integer> released = new HashSet<>();
    private int nextPacketId = 1;

    /** {@code deviceReceiveMaximum} is the device's Receive Maximum (65535 when it told none). */
    DownstreamDelivery(SessionContext session, ReadingGate reading, CloudLink link, int deviceReceiveMaximum) {
        this.session = session;
        this.reading = reading;
        this.window = Math.min(deviceReceiveMaximum, session.settings().maxInflightToDevice());
        this.hold = new CloudHold(session.settings().maxQueuedToDevice(), reading, link, queue::size, session.stage.stats());
    }

    /** A message from the broker; {@code acknowledge} tells the broker the device has it. */
    void offer(CloudMessage message, Runnable acknowledge) {
        if (session.ending()) {
            return;
        }
        if (message.qos() == 0 || queue.isEmpty() && inFlight() < window) {
            send(message, acknowledge);
        } else if (queue.size() < hold.limit()) {
            queue.add(new Waiting(message, acknowledge));
            hold.adjust();
        } else {
            overflow();
        }
    }

    /** The device's PUBACK (any reason code): the broker is told, the window moves on. */
    void pubAck(int packetId) {
        Runnable acknowledge = unacknowledged.remove(packetId);
        if (acknowledge != null) {
            acknowledge.run();
            sendQueued();
        }
    }

    /**
     * The device's PUBREC: the broker is told. Unless the device refused the message (MQTT 5
     * reason code 0x80 or above, which ends the exchange) PUBREL follows and the message keeps its
     * place in the window until PUBCOMP.
     */
    void pubRec(MqttMessage pubRec) {
        int packetId = ((MqttMessageIdVariableHeader) pubRec.variableHeader()).messageId();
        boolean refused = session.mqtt5() && pubRec.variableHeader() instanceof MqttPubReplyMessageVariableHeader h
                && (h.reasonCode() & 0xff) >= 0x80;
        Runnable acknowledge = unacknowledged.remove(packetId);
        if (acknowledge != null) {
            acknowledge.run();
            if (refused) {
                sendQueued();
            } else {
                released.add(packetId);
            }
        }
        if (!refused) {
            session.ctx.writeAndFlush(Packets.reply(MqttMessageType.PUBREL, packetId, (byte) 0));
        }
    }

    /** The device's PUBCOMP: the QoS 2 exchange is over, the window moves on. */
    void pubComp(int packetId) {
        if (released.remove(packetId)) {
            sendQueued();
        }
    }

    /** QoS 1/2 messages at the device without its final acknowledgement. */
    int inFlight() {
        return unacknowledged.size() + released.size();
    }

    /** Messages waiting behind the window. */
    int queued() {
        return queue.size();
    }

    private void sendQueued() {
        while (!queue.isEmpty() && inFlight() < window) {
            Waiting next = queue.poll();
            send(next.message(), next.acknowledge());
        }
        hold.adjust();
    }

    /** The device cannot keep up even with the broker held back: its session ends. */
    private void overflow() {
        session.end(MqttStats.Counter.DOWNSTREAM_OVERFLOW, "cannot keep up: " + (queue.size() + 1)
                + " messages from the cloud wait for it (expected: at most " + hold.limit() + ")", Packets.QUOTA_EXCEEDED);
    }

    private void send(CloudMessage message, Runnable acknowledge) {
        ChannelHandlerContext ctx = session.ctx;
        if (!ctx.channel().isActive()) {
            return;
        }
        int qos = message.qos();
        Request request = new Request.MqttSubscribe(message.topic(), qos);
        Decision decision = session.decide(request);
        if (!decision.allowed()) {
            session.denied(request, decision);
            acknowledge.run();
            return;
        }
        reading.charge(0, message.payload().length);
        if (qos == 0 && ctx.channel().bytesBeforeWritable() > MAX_QOS0_BACKLOG) {
            session.count(MqttStats.Counter.QOS0_DROPPED);
            return;
        }
        int packetId = 0;
        if (qos > 0) {
            packetId = nextPacketId();
            unacknowledged.put(packetId, acknowledge);
        }
        ctx.write(new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), message.retain(), 0),
                new MqttPublishVariableHeader(message.topic(), packetId), Unpooled.wrappedBuffer(message.payload())),
                ctx.voidPromise());
        session.flushSoon();
        session.count(MqttStats.Counter.PUBLISHES_DOWN);
    }

    /** The next packet id not in use (the window is at most 65535, so one is always free). */
    private int nextPacketId() {
        while (true) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
            if (!unacknowledged.containsKey(id) && !released.contains(id)) {
                return id;
            }
        }
    }
}
