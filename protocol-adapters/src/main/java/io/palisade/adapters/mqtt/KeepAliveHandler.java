package io.palisade.adapters.mqtt;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.palisade.core.identity.DeviceId;

/**
 * Enforces the keepalive a device asked for in CONNECT: a device that sends nothing for one and a
 * half times its keepalive is gone (MQTT 3.1.1 §3.1.2.10, MQTT 5 §3.1.2.10), and its connection is
 * closed, so a half-open connection does not hold a session. Installed only for a keepalive above
 * zero (zero turns the mechanism off; the listener's idle timeout still applies).
 */
final class KeepAliveHandler extends IdleStateHandler {

    static final String NAME = "mqtt-keepalive";

    private final DeviceId device;
    private final MqttStage stage;

    KeepAliveHandler(int keepAliveSeconds, DeviceId device, MqttStage stage) {
        super(false, keepAliveSeconds * 1500L, 0, 0, TimeUnit.MILLISECONDS);
        if (keepAliveSeconds <= 0) {
            throw new IllegalArgumentException("keepAliveSeconds: " + keepAliveSeconds + " (expected: > 0)");
        }
        this.device = device;
        this.stage = stage;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        stage.stats().increment(MqttStats.Counter.KEEPALIVE_TIMEOUTS);
        stage.events().protocolViolation(device, "silent for 1.5 x keepalive (" + getReaderIdleTimeInMillis() + " ms)");
        ctx.close();
    }
}
