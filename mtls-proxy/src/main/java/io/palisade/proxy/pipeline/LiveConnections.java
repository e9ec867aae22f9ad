package io.palisade.proxy.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.Channel;
import io.palisade.core.identity.DeviceId;
import io.palisade.proxy.events.CloseReason;

/**
 * Every open device channel, and the verified ones by device id, so that an operator's decision
 * (deny list, shutdown) reaches live connections at once. A channel leaves when it closes.
 */
public final class LiveConnections {

    private final Set<Channel> all = ConcurrentHashMap.newKeySet();
    private final Map<DeviceId, Set<Channel>> byDevice = new ConcurrentHashMap<>();

    /** Tracks {@code channel} until it closes. */
    public void add(Channel channel) {
        all.add(requireNonNull(channel, "channel"));
        channel.closeFuture().addListener(f -> all.remove(channel));
    }

    /** Files {@code channel} under the device it verified as, until it closes. */
    public void identify(DeviceId device, Channel channel) {
        requireNonNull(device, "device");
        requireNonNull(channel, "channel");
        byDevice.computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet()).add(channel);
        channel.closeFuture().addListener(f -> byDevice.computeIfPresent(device, (d, set) -> {
            set.remove(channel);
            return set.isEmpty() ? null : set;
        }));
    }

    /** How many open channels are filed under {@code device}. */
    public int count(DeviceId device) {
        Set<Channel> channels = byDevice.get(requireNonNull(device, "device"));
        return channels == null ? 0 : channels.size();
    }

    /** Closes every channel of {@code device}, recording {@code reason}; returns how many. */
    public int closeDevice(DeviceId device, CloseReason reason) {
        Set<Channel> channels = byDevice.get(requireNonNull(device, "device"));
        return channels == null ? 0 : closeEach(List.copyOf(channels), reason);
    }

    /** Closes every channel, recording {@code reason}; returns how many. */
    public int closeAll(CloseReason reason) {
        return closeEach(List.copyOf(all), reason);
    }

    /** How many channels are open. */
    public int size() {
        return all.size();
    }

    private static int closeEach(List<Channel> channels, CloseReason reason) {
        for (Channel channel : channels) {
            ConnectionContext.of(channel).ifPresent(c -> c.closeReason(reason));
            channel.close();
        }
        return channels.size();
    }
}
