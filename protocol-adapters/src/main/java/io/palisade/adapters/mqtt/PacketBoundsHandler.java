package io.palisade.adapters.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.palisade.core.identity.DeviceId;

/**
 * Closes the connection on the first packet Netty's {@code MqttDecoder} could not decode: too
 * large for {@link MqttSettings#maxPacketBytes()} or malformed. The decoder only marks such a
 * packet as failed and then silently discards everything the device sends after it, which would
 * leave a connection that is open but dead; a device that breaks the bounds is disconnected
 * instead. The decoder skips an oversized packet's bytes rather than buffering them, so memory
 * stays bounded while this happens.
 */
final class PacketBoundsHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "mqtt-bounds";

    private final DeviceId device;
    private final MqttStage stage;

    PacketBoundsHandler(DeviceId device, MqttStage stage) {
        this.device = device;
        this.stage = stage;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DecoderResult result = msg instanceof MqttMessage m ? m.decoderResult() : DecoderResult.SUCCESS;
        if (result.isFailure()) {
            ReferenceCountUtil.release(msg);
            stage.stats().increment(MqttStats.Counter.MALFORMED_PACKETS);
            stage.events().protocolViolation(device, "undecodable packet: " + result.cause());
            ctx.channel().config().setAutoRead(false);
            ctx.close();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** The device ended its output (TCP FIN or TLS close_notify): an MQTT session does not outlive it. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }
}
