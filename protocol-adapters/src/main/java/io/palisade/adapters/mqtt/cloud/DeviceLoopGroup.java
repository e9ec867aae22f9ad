package io.palisade.adapters.mqtt.cloud;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultithreadEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;

/**
 * An event loop group made of exactly one of the gateway's event loops: given to the HiveMQ client
 * as its Netty executor, it makes a device's upstream connection live on the device's own event
 * loop. A QoS 1 publish and the broker's PUBACK then never change threads between the device and
 * the cloud (no queue hand-off, no wake-up of another thread, no cache misses), which is what limits
 * the rate of a client that keeps a few messages in flight.
 *
 * <p>The HiveMQ client uses an executor that is a {@link MultithreadEventLoopGroup} as it is and
 * never shuts it down; shutting this group down is refused anyway, since the gateway owns the loop.
 * A loop qualifies only if the channel the HiveMQ client creates can register with it: an epoll
 * loop when epoll is available (the client then creates epoll channels), a NIO loop otherwise.
 * One group per loop, cached until the loop terminates, so the cache is bounded by the gateway's
 * loop count.
 */
final class DeviceLoopGroup extends MultithreadEventLoopGroup {

    private static final Map<EventLoop, DeviceLoopGroup> GROUPS = new ConcurrentHashMap<>();

    private DeviceLoopGroup(EventLoop loop) {
        super(1, (Executor) null, loop);
    }

    /**
     * The group of {@code executor} when it is an event loop the HiveMQ client's channels can
     * register with; empty otherwise (the client then runs on its own threads).
     */
    static Optional<DeviceLoopGroup> of(Executor executor) {
        if (!(executor instanceof IoEventLoop loop) || loop.isShuttingDown() || !compatible(loop)) {
            return Optional.empty();
        }
        DeviceLoopGroup group = GROUPS.computeIfAbsent(loop, l -> {
            l.terminationFuture().addListener(f -> GROUPS.remove(l));
            return new DeviceLoopGroup(l);
        });
        return Optional.of(group);
    }

    /** Whether the HiveMQ client's channel type (epoll when available, else NIO) fits {@code loop}. */
    static boolean compatible(IoEventLoop loop) {
        return Epoll.isAvailable() ? loop.isIoType(EpollIoHandler.class) : loop.isIoType(NioIoHandler.class);
    }

    @Override
    protected EventLoop newChild(Executor executor, Object... args) {
        return (EventLoop) args[0];
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        throw new UnsupportedOperationException("shutdownGracefully: the gateway owns this event loop");
    }

    @Override
    @Deprecated
    public void shutdown() {
        throw new UnsupportedOperationException("shutdown: the gateway owns this event loop");
    }
}
