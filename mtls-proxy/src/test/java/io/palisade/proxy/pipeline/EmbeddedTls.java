package io.palisade.proxy.pipeline;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.revocation.DenyList;
import io.palisade.proxy.TlsEngine;
import io.palisade.proxy.events.ProxyEvents;
import io.palisade.proxy.fixtures.ServerIdentity;
import io.palisade.proxy.tls.DeviceTrustManager;
import io.palisade.proxy.tls.ServerTls;
import io.palisade.testing.pki.HeldCert;

/**
 * A TLS handshake between two {@link EmbeddedChannel}s, no sockets: the device side with the
 * JDK's TLS, the gateway side with the real server context, the identity handler and whatever
 * stages the test adds, and a last handler that keeps every user event and message.
 */
final class EmbeddedTls {

    final EmbeddedChannel gateway;
    final EmbeddedChannel device;
    final List<Object> events = new ArrayList<>();
    final List<Object> messages = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();
    /** What the device's TLS stack reported: for a refusal, the alert it received. */
    final List<Throwable> deviceErrors = new ArrayList<>();
    final LiveConnections live = new LiveConnections();
    /** The deny list the identity handler checks after verification (the verifier has its own). */
    final DenyList denyList = DenyList.empty();
    private final SslContext serverTls;

    EmbeddedTls(DeviceIdentityVerifier verifier, TlsEngine engine, HeldCert deviceCert, ProxyEvents proxyEvents,
                ChannelInboundHandlerAdapter... stages) throws Exception {
        ServerIdentity server = ServerIdentity.ecdsa();
        serverTls = ServerTls.context(server.keys().getPrivate(), server.chain(), new DeviceTrustManager(verifier), engine);
        SslContext clientTls = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .keyManager(deviceCert.privateKey(), deviceCert.chain().toArray(new X509Certificate[0]))
                .trustManager(server.root()).build();
        gateway = new EmbeddedChannel();
        new ConnectionContext("test", new InetSocketAddress("127.0.0.1", 40000), proxyEvents, Clock.systemUTC()).attachTo(gateway);
        gateway.pipeline().addLast(DeviceChannelInitializer.TLS, serverTls.newHandler(gateway.alloc()));
        gateway.pipeline().addLast(DeviceIdentityHandler.NAME, new DeviceIdentityHandler(live, denyList));
        for (ChannelInboundHandlerAdapter stage : stages) {
            gateway.pipeline().addLast(stage);
        }
        gateway.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                messages.add(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        });
        device = new EmbeddedChannel(clientTls.newHandler(gateway.alloc(), "localhost", 443),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        deviceErrors.add(cause);
                    }
                });
    }

    /** Moves bytes both ways until neither side has anything more to send. */
    void exchange() {
        for (boolean moved = true; moved; ) {
            moved = move(device, gateway) | move(gateway, device);
        }
    }

    void close() {
        messages.forEach(m -> ((ByteBuf) m).release());
        gateway.finishAndReleaseAll();
        device.finishAndReleaseAll();
        io.netty.util.ReferenceCountUtil.release(serverTls);
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (ByteBuf b; (b = from.readOutbound()) != null; ) {
            moved = true;
            if (to.isOpen()) {
                to.writeInbound(b);
            } else {
                b.release();
            }
        }
        return moved;
    }
}
