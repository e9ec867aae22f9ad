package io.palisade.adapters.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.palisade.adapters.mqtt.cloud.CloudConnect;
import io.palisade.adapters.mqtt.cloud.CloudMessage;
import io.palisade.adapters.mqtt.cloud.CloudRefusedException;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.Request;

/**
 * Decides a device's CONNECT, then opens its session at the cloud broker and hands over to
 * {@link DeviceSession}. Rules, in order:
 * <ol>
 * <li>the first packet is CONNECT, within {@link MqttSettings#connectTimeout()};</li>
 * <li>MQTT 3.1.1 or 5 (3.1 is refused with "unacceptable protocol version");</li>
 * <li>the client id equals the device id from the certificate; an empty one is given the device
 *     id (MQTT 5 devices learn it from CONNACK), except that MQTT 3.1.1 refuses an empty id for a
 *     persistent session (§3.1.3-8); any other id is refused: 0x02 (3.1.1) or 0x85 (5);</li>
 * <li>user name and password are ignored: the certificate is the identity, nothing overrides it;</li>
 * <li>a will is a publish like any other: its topic must be allowed, else 0x05 / 0x87;</li>
 * <li>an MQTT 5 Receive Maximum of 0 is a protocol error (0x82); any other value bounds how many
 *     QoS 1/2 messages the gateway sends the device unacknowledged ({@link DownstreamDelivery});</li>
 * <li>the cloud broker accepts the device's session (unreachable: 0x03 / 0x88).</li>
 * </ol>
 * While the cloud session opens the device is not read; packets it already sent are held and
 * replayed to the session in order. Removes itself once decided.
 */
final class ConnectHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "mqtt-connect";

    private final MqttStage stage;
    private final DeviceIdentity identity;
    private final DeviceContext device;
    private final Audit audit;
    private final List<Object> held = new ArrayList<>();
    private ScheduledFuture<?> timeout;
    private boolean connecting;

    ConnectHandler(MqttStage stage, DeviceIdentity identity, DeviceContext device, Audit audit) {
        this.stage = stage;
        this.identity = identity;
        this.device = device;
        this.audit = audit;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            stage.events().protocolViolation(identity.id(), "no CONNECT within " + stage.settings().connectTimeout());
            ctx.close();
        }, stage.settings().connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timeout.cancel(false);
        held.forEach(ReferenceCountUtil::release);
        held.clear();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (connecting) {
            held.add(msg);
            return;
        }
        if (!(msg instanceof MqttConnectMessage connect)) {
            ReferenceCountUtil.release(msg);
            stage.events().protocolViolation(identity.id(), "first packet " + msg.getClass().getSimpleName() + " (expected: CONNECT)");
            ctx.close();
            return;
        }
        timeout.cancel(false);
        decide(ctx, connect);
    }

    private void decide(ChannelHandlerContext ctx, MqttConnectMessage connect) {
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        MqttVersion version = versionOf(header);
        if (version == null) {
            refuse(ctx, MqttVersion.MQTT_3_1_1, Packets.Refusal.UNSUPPORTED_VERSION,
                    "protocol " + header.name() + " level " + header.version() + " (expected: MQTT 3.1.1 or 5)");
            return;
        }
        String deviceId = identity.id().value();
        String clientId = payload.clientIdentifier();
        String assigned = null;
        if (clientId == null || clientId.isEmpty()) {
            if (version == MqttVersion.MQTT_3_1_1 && !header.isCleanSession()) {
                refuse(ctx, version, Packets.Refusal.BAD_CLIENT_ID, "empty client id with a persistent session");
                return;
            }
            assigned = version == MqttVersion.MQTT_5 ? deviceId : null;
        } else if (!clientId.equals(deviceId)) {
            refuse(ctx, version, Packets.Refusal.BAD_CLIENT_ID, "client id "
                    + clientId.substring(0, Math.min(clientId.length(), 80)) + " (expected: the device id)");
            return;
        }
        Optional<CloudMessage> will = Optional.empty();
        if (header.isWillFlag()) {
            CloudMessage w = new CloudMessage(payload.willTopic(), payload.willMessageInBytes(), header.willQos(), header.isWillRetain());
            Request request = new Request.MqttPublish(w.topic(), w.qos());
            Decision decision = w.topic().length() > stage.settings().maxTopicLength() ? null : stage.policy().decide(device, request);
            if (decision == null || !decision.allowed()) {
                if (decision != null) {
                    stage.events().denied(identity.id(), request, decision);
                    audit.decided(request, decision);
                }
                refuse(ctx, version, Packets.Refusal.NOT_AUTHORIZED, "will topic " + w.topic() + " not allowed");
                return;
            }
            will = Optional.of(w);
        }
        int receiveMaximum = receiveMaximum(header);
        if (receiveMaximum == 0) {
            refuse(ctx, version, Packets.Refusal.PROTOCOL_ERROR, "Receive Maximum 0 (expected: 1..65535)");
            return;
        }
        boolean clean = version == MqttVersion.MQTT_5 ? header.isCleanSession() && sessionExpiry(header) == 0 : header.isCleanSession();
        open(ctx, version, new CloudConnect(clean, will), header.keepAliveTimeSeconds(), assigned, receiveMaximum);
    }

    private void open(ChannelHandlerContext ctx, MqttVersion version, CloudConnect connect, int keepAlive, String assigned,
                      int receiveMaximum) {
        connecting = true;
        ctx.channel().config().setAutoRead(false);
        DeviceSession session = new DeviceSession(stage, identity, device, audit, version, connect.will(), receiveMaximum);
        session.open(ctx.channel()).connect(connect).whenComplete((sessionPresent, error) -> {
            if (!ctx.channel().isActive()) {
                session.abandon();
                return;
            }
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                session.abandon();
                boolean notAuthorized = cause instanceof CloudRefusedException r && (r.returnCode() == 4 || r.returnCode() == 5);
                refuse(ctx, version, notAuthorized ? Packets.Refusal.NOT_AUTHORIZED : Packets.Refusal.SERVER_UNAVAILABLE,
                        "cloud broker: " + cause.getMessage(), true);
                return;
            }
            stage.stats().increment(MqttStats.Counter.CONNECTS_ACCEPTED);
            ctx.writeAndFlush(Packets.connAckAccepted(version, sessionPresent, assigned, stage.settings().maxPacketBytes(),
                    stage.settings().receiveMaximum()));
            if (keepAlive > 0) {
                ctx.pipeline().addBefore(NAME, KeepAliveHandler.NAME, new KeepAliveHandler(keepAlive, identity.id(), stage));
            }
            ctx.pipeline().addAfter(NAME, DeviceSession.NAME, session);
            List<Object> replay = new ArrayList<>(held);
            held.clear();
            ctx.pipeline().remove(this);
            replay.forEach(ctx::fireChannelRead);
            ctx.fireChannelReadComplete();
            session.resumeReading();
        });
    }

    private void refuse(ChannelHandlerContext ctx, MqttVersion version, Packets.Refusal refusal, String reason) {
        refuse(ctx, version, refusal, reason, false);
    }

    private void refuse(ChannelHandlerContext ctx, MqttVersion version, Packets.Refusal refusal, String reason, boolean cloud) {
        stage.stats().increment(MqttStats.Counter.CONNECTS_REFUSED);
        stage.events().connectRefused(identity.id(), reason);
        audit.refused(cloud, reason);
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Packets.connAckRefused(version, refusal)).addListener(f -> ctx.close());
    }

    private static MqttVersion versionOf(MqttConnectVariableHeader header) {
        if (header.version() == 4 && "MQTT".equals(header.name())) {
            return MqttVersion.MQTT_3_1_1;
        }
        if (header.version() == 5 && "MQTT".equals(header.name())) {
            return MqttVersion.MQTT_5;
        }
        return null;
    }

    /** The device's Receive Maximum: how many QoS 1/2 messages it takes unacknowledged (MQTT 5; 65535 when absent). */
    private static int receiveMaximum(MqttConnectVariableHeader header) {
        MqttProperties.MqttProperty<?> p = header.properties().getProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value());
        return p == null ? 65535 : ((Number) p.value()).intValue();
    }

    private static long sessionExpiry(MqttConnectVariableHeader header) {
        MqttProperties.MqttProperty<?> p = header.properties().getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
        return p == null ? 0 : ((Number) p.value()).longValue();
    }
}
