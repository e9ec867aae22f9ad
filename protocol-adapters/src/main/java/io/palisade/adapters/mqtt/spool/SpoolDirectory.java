package io.palisade.adapters.mqtt.spool;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.palisade.core.identity.DeviceId;

/**
 * Where the devices' spools live: one file per device ({@code <device id>.spool}) in one
 * directory, each bounded by {@code maxBytesPerDevice}. A spool left when a device went away stays
 * on disk; a {@link SpoolDrainer} delivers it, or the device's next connection does.
 * Connections of the same device share one open spool; it is closed when the last lets go.
 */
public final class SpoolDirectory {

    private final Path dir;
    private final long maxBytesPerDevice;
    private final Map<DeviceId, Shared> open = new HashMap<>();

    private static final class Shared {
        final Spool spool;
        int users;

        Shared(Spool spool) {
            this.spool = spool;
        }
    }

    /** Spools in {@code dir} (created if missing), each at most {@code maxBytesPerDevice} on disk. */
    public SpoolDirectory(Path dir, long maxBytesPerDevice) {
        this.dir = requireNonNull(dir, "dir");
        if (maxBytesPerDevice < 1024) {
            throw new IllegalArgumentException("maxBytesPerDevice: " + maxBytesPerDevice + " (expected: >= 1024)");
        }
        this.maxBytesPerDevice = maxBytesPerDevice;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("spool directory " + dir, e);
        }
    }

    /** The spool of {@code device}, opened or shared; give it back with {@link #release}. */
    public synchronized Spool acquire(DeviceId device) throws IOException {
        Shared shared = open.get(device);
        if (shared == null) {
            shared = new Shared(Spool.open(dir.resolve(device.value() + ".spool"), maxBytesPerDevice));
            open.put(device, shared);
        }
        shared.users++;
        return shared.spool;
    }

    /** The spool of {@code device} if no connection of the device holds it now, else null; give it back with {@link #release}. */
    public synchronized Spool acquireIfUnused(DeviceId device) throws IOException {
        return open.containsKey(device) ? null : acquire(device);
    }

    /** Lets go of {@code device}'s spool; the last user closes it. */
    public synchronized void release(DeviceId device) {
        Shared shared = open.get(device);
        if (shared != null && --shared.users == 0) {
            open.remove(device);
            try {
                shared.spool.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing spool of " + device, e);
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public long maxBytesPerDevice() {
        return maxBytesPerDevice;
    }
}
