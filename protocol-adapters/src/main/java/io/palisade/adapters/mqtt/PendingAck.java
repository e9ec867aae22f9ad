package io.palisade.adapters.mqtt;

import io.netty.handler.codec.mqtt.MqttMessageType;
import io.palisade.adapters.mqtt.cloud.CloudMessage;
import io.palisade.adapters.mqtt.spool.ReliablePublisher;

/**
 * One QoS 1/2 publish of a device waiting for its answer (PUBACK or PUBREC), which it gets in its
 * turn ({@link AckOrder}) once {@link #done}. It is its own receipt from the publisher, so
 * relaying a message allocates nothing else.
 */
final class PendingAck implements ReliablePublisher.Receipt {

    final MqttMessageType type;
    final int packetId;
    private final UpstreamPublishes owner;
    /** The message while it is relayed (kept for a retry); null once answered. */
    CloudMessage message;
    /** The MQTT 5 reason code of the answer (0: success). */
    byte reason;
    boolean done;

    PendingAck(MqttMessageType type, int packetId, UpstreamPublishes owner) {
        this.type = type;
        this.packetId = packetId;
        this.owner = owner;
    }

    @Override
    public void outcome(ReliablePublisher.Outcome outcome) {
        owner.relayed(this, outcome);
    }
}
