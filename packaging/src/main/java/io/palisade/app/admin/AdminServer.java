package io.palisade.app.admin;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;

/**
 * The admin endpoint: a small HTTP/1.1 server, meant for 127.0.0.1 (it has no authentication).
 * One I/O thread; requests are bounded (4 KiB request line, 8 KiB headers, 8 KiB aggregated
 * body), and a connection that sends nothing for 30 s is closed.
 *
 * <pre>
 * HttpServerCodec ─▶ HttpObjectAggregator(8 KiB) ─▶ ReadTimeoutHandler(30 s) ─▶ AdminHandler (AdminRoutes)
 * </pre>
 */
public final class AdminServer implements AutoCloseable {

    /** Largest request body accepted; admin requests are GETs without one. */
    public static final int MAX_CONTENT = 8 * 1024;

    private final EventLoopGroup group;
    private final Channel server;

    private AdminServer(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /**
     * Binds {@code bind} (port 0 picks a free port) and serves {@code routes}; an address that
     * cannot be bound is an {@link IllegalStateException} naming it.
     */
    public static AdminServer start(InetSocketAddress bind, AdminRoutes routes) {
        requireNonNull(bind, "bind");
        AdminHandler handler = new AdminHandler(requireNonNull(routes, "routes"));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ChannelPipeline p = ch.pipeline();
                            p.addLast("http", new HttpServerCodec(4096, 8192, 8192));
                            p.addLast("aggregate", new HttpObjectAggregator(MAX_CONTENT));
                            p.addLast("read-timeout", new ReadTimeoutHandler(30, TimeUnit.SECONDS));
                            p.addLast(AdminHandler.NAME, handler);
                        }
                    })
                    .bind(bind).syncUninterruptibly().channel();
            return new AdminServer(group, server);
        } catch (Exception e) { // Netty rethrows a bind failure (a checked BindException) unchecked
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("admin.bind: cannot bind " + bind + " (" + e + ")", e);
        }
    }

    /** The address bound, with the real port. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
