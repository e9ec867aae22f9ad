package io.palisade.proxy.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.palisade.proxy.DeviceAttributes;

/** A test service: echoes what the device sends, and keeps each context it was installed with. */
final class EchoService implements DeviceService {

    private final String name;
    private final List<String> alpn;
    final List<ServiceContext> installs = new CopyOnWriteArrayList<>();

    EchoService(String name, String... alpn) {
        this.name = name;
        this.alpn = List.of(alpn);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> alpnProtocols() {
        return alpn;
    }

    @Override
    public void install(ChannelPipeline pipeline, ServiceContext context) {
        if (!context.identity().equals(pipeline.channel().attr(DeviceAttributes.IDENTITY).get())) {
            throw new IllegalStateException("identity: " + context.identity() + " (expected: the channel's)");
        }
        installs.add(context);
        pipeline.addLast(name, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
                    ctx.close(); // half-closure is allowed: the service decides when the device is done
                }
                ctx.fireUserEventTriggered(evt);
            }
        });
    }
}
