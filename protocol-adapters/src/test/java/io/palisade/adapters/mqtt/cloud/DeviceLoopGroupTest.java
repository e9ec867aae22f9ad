package io.palisade.adapters.mqtt.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;

class DeviceLoopGroupTest {

    /** The loop type whose channels the HiveMQ client creates here, and the other one. */
    private static EventLoopGroup fitting() {
        return new MultiThreadIoEventLoopGroup(1, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    @Test
    void aFittingLoopBecomesAGroupOfThatLoopOnly() throws Exception {
        EventLoopGroup workers = fitting();
        try {
            EventLoop loop = workers.next();
            DeviceLoopGroup group = DeviceLoopGroup.of(loop).orElseThrow();
            assertThat(group.next()).isSameAs(loop);
            assertThat(group.next()).isSameAs(loop);
            assertThat(group.executorCount()).isEqualTo(1);
            assertThat(DeviceLoopGroup.of(loop)).containsSame(group);
        } finally {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void theGatewaysLoopCannotBeShutDownThroughTheGroup() throws Exception {
        EventLoopGroup workers = fitting();
        try {
            DeviceLoopGroup group = DeviceLoopGroup.of(workers.next()).orElseThrow();
            assertThatThrownBy(() -> group.shutdownGracefully(0, 0, TimeUnit.SECONDS))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThat(workers.isShuttingDown()).isFalse();
        } finally {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void loopsTheClientsChannelsCannotUseAreRefused() throws Exception {
        EventLoopGroup other = Epoll.isAvailable() ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()) : null;
        try {
            Executor plain = Runnable::run;
            assertThat(DeviceLoopGroup.of(plain)).isEmpty();
            assertThat(DeviceLoopGroup.of(new EmbeddedChannel().eventLoop())).isEmpty();
            if (other != null) { // epoll here: the client makes epoll channels, which a NIO loop cannot serve
                assertThat(DeviceLoopGroup.of(other.next())).isEmpty();
            }
        } finally {
            if (other != null) {
                other.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    @Test
    void aTerminatedLoopIsForgotten() throws Exception {
        EventLoopGroup workers = fitting();
        EventLoop loop = workers.next();
        DeviceLoopGroup.of(loop).orElseThrow();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        assertThat(DeviceLoopGroup.of(loop)).isEmpty();
    }
}
