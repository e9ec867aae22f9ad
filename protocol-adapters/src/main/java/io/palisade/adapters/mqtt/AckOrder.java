package io.palisade.adapters.mqtt;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessageType;

/**
 * The answers a device is owed for its QoS 1/2 publishes, written strictly in the order it sent
 * them (MQTT 3.1.1 §4.6: PUBACK and PUBREC in the order of the PUBLISHes), and how many of its
 * publishes are unanswered: a QoS 1 one until PUBACK is written, a QoS 2 one until its PUBREL
 * (answered with PUBCOMP). While {@link MqttSettings#receiveMaximum()} answers are owed the device
 * is not read.
 */
final class AckOrder {

    private final SessionContext session;
    private final ReadingGate reading;
    private final ArrayDeque<PendingAck> acks = new ArrayDeque<>();
    /** QoS 2 packet ids of the device from PUBLISH until its PUBREL. */
    private final Set<Integer> qos2 = new HashSet<>();
    /** QoS 1 publishes of the device not answered with PUBACK yet. */
    private int qos1;

    AckOrder(SessionContext session, ReadingGate reading) {
        this.session = session;
        this.reading = reading;
    }

    /** A new publish at {@code qos} 1 or 2 takes its place in the line. */
    PendingAck enqueue(int qos, int packetId, UpstreamPublishes owner) {
        PendingAck ack = new PendingAck(qos == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC, packetId, owner);
        acks.add(ack);
        if (qos == 2) {
            qos2.add(packetId);
        } else {
            qos1++;
        }
        if (acks.size() >= session.settings().receiveMaximum()) {
            reading.pause(ReadingGate.INFLIGHT);
        }
        return ack;
    }

    /** Writes the answers that are due: every done one at the head of the line. */
    void flush() {
        ChannelHandlerContext ctx = session.ctx;
        boolean wrote = false;
        while (!acks.isEmpty() && acks.peek().done) {
            PendingAck ack = acks.poll();
            if (ack.type == MqttMessageType.PUBACK) {
                qos1--;
            }
            ctx.write(Packets.reply(ack.type, ack.packetId, session.mqtt5() ? ack.reason : 0), ctx.voidPromise());
            wrote = true;
        }
        if (wrote) {
            session.flushSoon();
        }
        if (acks.size() < session.settings().receiveMaximum()) {
            reading.resume(ReadingGate.INFLIGHT);
        }
    }

    /** Publishes of the device without their final answer (PUBACK, PUBCOMP) yet. */
    int unanswered() {
        return qos1 + qos2.size();
    }

    /** Whether the device's QoS 2 publish {@code packetId} is still open (a PUBLISH again is a resend). */
    boolean qos2Open(int packetId) {
        return qos2.contains(packetId);
    }

    /** The QoS 2 exchange {@code packetId} ends with a refusing PUBREC (MQTT 5): no PUBREL follows. */
    void qos2Refused(int packetId) {
        qos2.remove(packetId);
    }

    /** A QoS 2 publish sent again: PUBREC again, unless the first one is still waiting for its turn. */
    void resendPubRec(int packetId) {
        for (PendingAck pending : acks) {
            if (pending.packetId == packetId && pending.type == MqttMessageType.PUBREC) {
                return;
            }
        }
        session.ctx.writeAndFlush(Packets.reply(MqttMessageType.PUBREC, packetId, (byte) 0));
    }

    /** The device's PUBREL: its QoS 2 publish is complete. */
    void pubRel(int packetId) {
        qos2.remove(packetId);
        session.ctx.writeAndFlush(Packets.reply(MqttMessageType.PUBCOMP, packetId, (byte) 0));
    }
}
