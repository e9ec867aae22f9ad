package io.palisade.adapters.mqtt;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.palisade.adapters.mqtt.cloud.CloudMessage;
import io.palisade.adapters.mqtt.spool.ReliablePublisher;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request;

/**
 * Device → cloud: judges each PUBLISH of the device and relays what is allowed through its
 * {@link ReliablePublisher}; a QoS 1/2 publish is answered ({@link AckOrder}) only once the cloud
 * broker, or the spool while the broker is unreachable, has it. An MQTT 5 device was told
 * {@link MqttSettings#receiveMaximum()} in CONNACK; one with more publishes unanswered is
 * disconnected with 0x93 (MQTT 5 §3.3.4).
 */
final class UpstreamPublishes {

    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SessionContext session;
    private final ReadingGate reading;
    private final ReliablePublisher publisher;
    private final AckOrder acks;
    private final ReliablePublisher.Receipt qos0Outcome = this::countUp;

    UpstreamPublishes(SessionContext session, ReadingGate reading, ReliablePublisher publisher) {
        this.session = session;
        this.reading = reading;
        this.publisher = publisher;
        this.acks = new AckOrder(session, reading);
    }

    void publish(MqttPublishMessage publish) {
        MqttPublishVariableHeader header = publish.variableHeader();
        String topic = header.topicName();
        int qos = publish.fixedHeader().qosLevel().value();
        MqttSettings settings = session.settings();
        if (topic.isEmpty() || topic.length() > settings.maxTopicLength()
                || header.properties().getProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS.value()) != null) {
            session.violation("publish topic of " + topic.length() + " characters or a topic alias (expected: 1.."
                    + settings.maxTopicLength() + ", no alias)");
            return;
        }
        int packetId = header.packetId();
        if (qos == 2 && acks.qos2Open(packetId)) {
            acks.resendPubRec(packetId);
            return;
        }
        if (qos > 0 && session.mqtt5() && acks.unanswered() >= settings.receiveMaximum()) {
            receiveMaximumExceeded();
            return;
        }
        byte[] payload = ByteBufUtil.getBytes(publish.payload());
        reading.charge(1, payload.length);
        Request request = new Request.MqttPublish(topic, qos);
        Decision decision = session.decide(request);
        if (!decision.allowed()) {
            denied(request, decision, qos, packetId);
            return;
        }
        CloudMessage message = new CloudMessage(topic, payload, qos, publish.fixedHeader().isRetain());
        if (qos == 0) {
            publisher.publish(message, qos0Outcome);
            return;
        }
        PendingAck ack = acks.enqueue(qos, packetId, this);
        ack.message = message;
        publisher.publish(message, ack);
    }

    /** The device's PUBREL. */
    void pubRel(int packetId) {
        acks.pubRel(packetId);
    }

    /** What the publisher did with {@code ack}'s message: answered in its turn, or held and tried again. */
    void relayed(PendingAck ack, ReliablePublisher.Outcome outcome) {
        if (outcome == ReliablePublisher.Outcome.SPOOL_FULL) {
            session.count(MqttStats.Counter.SPOOL_FULL);
        }
        if (outcome == ReliablePublisher.Outcome.SPOOL_FULL && session.mqtt5()) {
            ack.reason = Packets.QUOTA_EXCEEDED;
        } else if (outcome == ReliablePublisher.Outcome.SPOOL_FULL || outcome == ReliablePublisher.Outcome.UNAVAILABLE) {
            holdAndRetry(ack);
            return;
        } else {
            countUp(outcome);
        }
        ack.message = null;
        ack.done = true;
        acks.flush();
    }

    /**
     * A denied QoS 1/2 publish is answered in its turn: with 0x87 (MQTT 5), or as if accepted
     * (3.1.1 cannot refuse) unless the stage disconnects MQTT 3.1.1 devices for it.
     */
    private void denied(Request request, Decision decision, int qos, int packetId) {
        session.denied(request, decision);
        if (qos == 0) {
            return;
        }
        if (!session.mqtt5() && session.settings().deniedPublish() == DeniedPublishAction.DISCONNECT) {
            session.ctx.close();
            return;
        }
        PendingAck ack = acks.enqueue(qos, packetId, this);
        if (session.mqtt5()) {
            acks.qos2Refused(packetId);
        }
        ack.reason = Packets.NOT_AUTHORIZED;
        ack.done = true;
        acks.flush();
    }

    /** No room for the message anywhere: the device is not answered and not read until it fits. */
    private void holdAndRetry(PendingAck ack) {
        ChannelHandlerContext ctx = session.ctx;
        if (!ctx.channel().isActive()) {
            return;
        }
        reading.pause(ReadingGate.HELD);
        ctx.executor().schedule(() -> {
            reading.resume(ReadingGate.HELD);
            publisher.publish(ack.message, ack);
        }, RETRY_NANOS, TimeUnit.NANOSECONDS);
    }

    private void receiveMaximumExceeded() { // only MQTT 5 devices get here
        session.end(MqttStats.Counter.RECEIVE_MAXIMUM_EXCEEDED, "more than " + session.settings().receiveMaximum()
                + " QoS 1/2 publishes unanswered (expected: at most the Receive Maximum)", Packets.RECEIVE_MAXIMUM_EXCEEDED);
    }

    private void countUp(ReliablePublisher.Outcome outcome) {
        if (outcome == ReliablePublisher.Outcome.DROPPED) {
            session.count(MqttStats.Counter.QOS0_DROPPED);
            return;
        }
        session.count(MqttStats.Counter.PUBLISHES_UP);
        if (outcome == ReliablePublisher.Outcome.SPOOLED) {
            session.count(MqttStats.Counter.SPOOLED);
        }
    }
}
