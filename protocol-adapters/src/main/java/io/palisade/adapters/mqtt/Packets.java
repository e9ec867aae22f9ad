package io.palisade.adapters.mqtt;

import java.util.List;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttVersion;

/**
 * The packets the gateway sends a device, with the reason codes right for its protocol version:
 * MQTT 3.1.1 has a handful of CONNACK return codes and a single SUBACK failure (0x80); MQTT 5
 * has a reason code on every acknowledgement.
 */
final class Packets {

    /** MQTT 5 reason code: not authorized. */
    static final byte NOT_AUTHORIZED = (byte) 0x87;
    /** MQTT 5 reason code: quota exceeded. */
    static final byte QUOTA_EXCEEDED = (byte) 0x97;
    /** MQTT 5 reason code (DISCONNECT): the client sent more QoS 1/2 publishes than the Receive Maximum. */
    static final byte RECEIVE_MAXIMUM_EXCEEDED = (byte) 0x93;
    /** MQTT 5 reason code: unspecified error. */
    static final byte UNSPECIFIED = (byte) 0x80;
    /** SUBACK failure in MQTT 3.1.1. */
    static final int SUBACK_FAILURE = 0x80;

    /** Why a CONNECT is refused, independent of the protocol version. */
    enum Refusal {
        BAD_CLIENT_ID(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID),
        NOT_AUTHORIZED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5),
        SERVER_UNAVAILABLE(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5),
        UNSUPPORTED_VERSION(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION),
        /** A bad MQTT 5 property (3.1.1 has no properties, and no code for it: never sent to a 3.1.1 device). */
        PROTOCOL_ERROR(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR);

        private final MqttConnectReturnCode v3;
        private final MqttConnectReturnCode v5;

        Refusal(MqttConnectReturnCode v3, MqttConnectReturnCode v5) {
            this.v3 = v3;
            this.v5 = v5;
        }

        MqttConnectReturnCode code(MqttVersion version) {
            return version == MqttVersion.MQTT_5 ? v5 : v3;
        }
    }

    private Packets() {}

    static MqttConnAckMessage connAckRefused(MqttVersion version, Refusal refusal) {
        return MqttMessageBuilders.connAck().returnCode(refusal.code(version)).sessionPresent(false).build();
    }

    /**
     * The accepting CONNACK; for MQTT 5 it tells the device the client id it was given (when it
     * sent none), the largest packet and the most in-flight publishes the gateway takes, and that
     * topic aliases are not used.
     */
    static MqttConnAckMessage connAckAccepted(MqttVersion version, boolean sessionPresent, String assignedClientId,
                                              int maxPacketBytes, int receiveMaximum) {
        MqttMessageBuilders.ConnAckBuilder b = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(sessionPresent);
        if (version == MqttVersion.MQTT_5) {
            MqttMessageBuilders.ConnAckPropertiesBuilder p = new MqttMessageBuilders.ConnAckPropertiesBuilder()
                    .maximumPacketSize(maxPacketBytes).receiveMaximum(receiveMaximum).topicAliasMaximum(0)
                    .sharedSubscriptionAvailable(false).wildcardSubscriptionAvailable(true);
            if (assignedClientId != null) {
                p.assignedClientId(assignedClientId);
            }
            b.properties(p.build());
        }
        return b.build();
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP with {@code reasonCode} (sent only to MQTT 5 devices; 0 is success). */
    static MqttMessage reply(MqttMessageType type, int packetId, byte reasonCode) {
        MqttFixedHeader header = switch (type) {
            case PUBACK -> PUBACK;
            case PUBREC -> PUBREC;
            case PUBREL -> PUBREL;
            case PUBCOMP -> PUBCOMP;
            default -> throw new IllegalArgumentException("type: " + type + " (expected: PUBACK, PUBREC, PUBREL or PUBCOMP)");
        };
        return new MqttMessage(header, new MqttPubReplyMessageVariableHeader(packetId, reasonCode, MqttProperties.NO_PROPERTIES));
    }

    // immutable, so shared by every reply (the encoder computes the length itself)
    private static final MqttFixedHeader PUBACK = new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
    private static final MqttFixedHeader PUBREC = new MqttFixedHeader(MqttMessageType.PUBREC, false, MqttQoS.AT_MOST_ONCE, false, 0);
    private static final MqttFixedHeader PUBREL = new MqttFixedHeader(MqttMessageType.PUBREL, false, MqttQoS.AT_LEAST_ONCE, false, 0);
    private static final MqttFixedHeader PUBCOMP = new MqttFixedHeader(MqttMessageType.PUBCOMP, false, MqttQoS.AT_MOST_ONCE, false, 0);

    static MqttSubAckMessage subAck(int packetId, List<Integer> codes) {
        return new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(codes));
    }

    static MqttUnsubAckMessage unsubAck(MqttVersion version, int packetId, int count) {
        MqttUnsubAckPayload payload = version == MqttVersion.MQTT_5
                ? new MqttUnsubAckPayload(new short[count]) : new MqttUnsubAckPayload();
        return new MqttUnsubAckMessage(new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES), payload);
    }

    /** An MQTT 5 DISCONNECT from the gateway with {@code reasonCode} (3.1.1 has no server DISCONNECT). */
    static MqttMessage disconnect(byte reasonCode) {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttReasonCodeAndPropertiesVariableHeader(reasonCode, MqttProperties.NO_PROPERTIES));
    }

    static MqttMessage pingResp() {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));
    }

    /** The code a denied subscription gets in SUBACK. */
    static int subscribeDenied(MqttVersion version) {
        return version == MqttVersion.MQTT_5 ? (NOT_AUTHORIZED & 0xff) : SUBACK_FAILURE;
    }
}
