package io.palisade.adapters.mqtt;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.Request;

/**
 * What the parts of one device's MQTT session share: who the device is, the protocol version it
 * spoke in CONNECT, the channel it is connected on, and the stage's settings, policy and counters.
 * Everything but {@link #ctx} is fixed at CONNECT; the parts use it on the device's event loop.
 */
final class SessionContext {

    final MqttStage stage;
    final DeviceIdentity identity;
    final DeviceContext device;
    final Audit audit;
    final MqttVersion version;
    /** The session handler's context, once it is in the pipeline; read from other threads too. */
    volatile ChannelHandlerContext ctx;
    private boolean flushScheduled;
    private boolean ending;
    private final Runnable flushTask = () -> {
        flushScheduled = false;
        ChannelHandlerContext c = ctx;
        if (c != null) {
            c.flush();
        }
    };

    SessionContext(MqttStage stage, DeviceIdentity identity, DeviceContext device, Audit audit, MqttVersion version) {
        this.stage = stage;
        this.identity = identity;
        this.device = device;
        this.audit = audit;
        this.version = version;
    }

    boolean mqtt5() {
        return version == MqttVersion.MQTT_5;
    }

    MqttSettings settings() {
        return stage.settings();
    }

    void count(MqttStats.Counter counter) {
        stage.stats().increment(counter);
    }

    /** The policy's decision on {@code request} by this device, under the generation in force now. */
    Decision decide(Request request) {
        return stage.policy().decide(device, request);
    }

    /** A denied PUBLISH (either direction): audited, counted and reported. */
    void denied(Request request, Decision decision) {
        audit.decided(request, decision);
        count(MqttStats.Counter.PUBLISHES_DENIED);
        stage.events().denied(identity.id(), request, decision);
    }

    /** The device broke the protocol or a bound: reported, and its connection closed. */
    void violation(String reason) {
        stage.events().protocolViolation(identity.id(), reason);
        ctx.close();
    }

    /**
     * The device broke a bound its session cannot go on past: counted, reported, told why (an
     * MQTT 5 device gets DISCONNECT with {@code mqtt5Reason}) and closed; once, however many of its
     * packets were already decoded. From then on nothing it sends is handled ({@link #ending()}).
     */
    void end(MqttStats.Counter counter, String reason, byte mqtt5Reason) {
        if (ending) {
            return;
        }
        ending = true;
        count(counter);
        stage.events().protocolViolation(identity.id(), reason);
        if (mqtt5()) {
            ctx.writeAndFlush(Packets.disconnect(mqtt5Reason)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    /** Whether {@link #end} was called: the session is closing. */
    boolean ending() {
        return ending;
    }

    /**
     * Flushes once the event loop has run what is queued now: acknowledgements and deliveries that
     * complete in the same turn leave in one write instead of one system call each.
     */
    void flushSoon() {
        if (!flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(flushTask);
        }
    }
}
