package io.palisade.adapters.http;

import java.util.HashMap;
import java.util.Map;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import io.palisade.core.identity.DeviceId;

/**
 * Per-device bandwidth, as policy {@code limits.bytesPerSecond} sets it: every connection of one
 * device shares one Netty {@link GlobalTrafficShapingHandler}, so a device that opens more
 * connections does not get more bandwidth. Writes past the rate are delayed (the channel turns
 * unwritable while more than {@link #MAX_QUEUED} bytes wait, so a streamed file is read from disk
 * no faster than it is sent); reads past it pause reading. A shaper lives while the device has a
 * connection; a new connection brings the rate the policy says now.
 */
final class DeviceBandwidth {

    /** Bytes that may wait in one device's shaper before its channels turn unwritable. */
    static final long MAX_QUEUED = 1 << 20;
    /** How often the shaper accounts, in milliseconds. */
    static final long CHECK_INTERVAL_MILLIS = 100;

    private final Map<DeviceId, Shared> shapers = new HashMap<>();

    private static final class Shared {
        final GlobalTrafficShapingHandler handler;
        int channels;

        Shared(GlobalTrafficShapingHandler handler) {
            this.handler = handler;
        }
    }

    /** The shaper for {@code device}'s {@code channel} at {@code bytesPerSecond}; released when the device's last channel closes. */
    synchronized ChannelHandler shaperFor(DeviceId device, Channel channel, long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytesPerSecond: " + bytesPerSecond + " (expected: > 0)");
        }
        Shared shared = shapers.computeIfAbsent(device, d -> {
            GlobalTrafficShapingHandler h = new GlobalTrafficShapingHandler(channel.eventLoop().parent(),
                    bytesPerSecond, bytesPerSecond, CHECK_INTERVAL_MILLIS);
            h.setMaxGlobalWriteSize(MAX_QUEUED);
            return new Shared(h);
        });
        shared.handler.configure(bytesPerSecond, bytesPerSecond);
        shared.channels++;
        channel.closeFuture().addListener(f -> closed(device, shared));
        return shared.handler;
    }

    private synchronized void closed(DeviceId device, Shared shared) {
        if (--shared.channels == 0 && shapers.remove(device, shared)) {
            shared.handler.release();
        }
    }

    /** How many devices have a shaper now. */
    synchronized int devices() {
        return shapers.size();
    }
}
