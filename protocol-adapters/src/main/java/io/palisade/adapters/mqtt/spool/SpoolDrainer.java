package io.palisade.adapters.mqtt.spool;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoop;
import io.palisade.adapters.mqtt.cloud.CloudConnect;
import io.palisade.adapters.mqtt.cloud.CloudConnector;
import io.palisade.core.identity.DeviceId;

/**
 * Delivers what departed devices left in their spools. A device's messages were acknowledged to
 * it once spooled, so they must reach the cloud broker even if the device never comes back: when a
 * device's last connection ends with a spool that is not empty, and for every such spool found at
 * start, the drainer opens a session at the broker under the device's id and drains the spool in
 * order (at least once, as the device's own session would), then closes it.
 *
 * <p>The drainer's session is opened with Clean Session off and without a will, and it never
 * subscribes: an earlier session the device keeps at the broker is neither discarded nor
 * changed, and messages the broker still holds for the device are not acknowledged, so the
 * broker delivers them again when the device itself returns.
 *
 * <p>A device always wins: {@link #acquireForDevice} stops the device's drain, if one runs, before
 * the device's connection takes the spool, so one spool is never drained by two sessions. A drain
 * that cannot reach the broker is retried with a back-off of 1 s doubling to 1 min; at most
 * {@value #MAX_CONCURRENT} drains run at once, the others wait their turn. All state lives on one
 * event loop.
 */
public final class SpoolDrainer implements AutoCloseable {

    /** Sessions the drainer holds at the broker at most at the same time. */
    public static final int MAX_CONCURRENT = 8;

    private static final Logger log = LoggerFactory.getLogger(SpoolDrainer.class);
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofMinutes(1);
    private static final Duration HAND_OVER_BOUND = Duration.ofSeconds(10);

    private final SpoolDirectory spools;
    private final CloudConnector cloud;
    private final EventLoop loop;
    private final Set<DeviceId> waiting = new LinkedHashSet<>();
    private final Map<DeviceId, SpoolDrain> running = new HashMap<>();
    private final Map<DeviceId, Duration> backoff = new HashMap<>();
    private boolean closed;

    public SpoolDrainer(SpoolDirectory spools, CloudConnector cloud, EventLoop loop) {
        this.spools = requireNonNull(spools, "spools");
        this.cloud = requireNonNull(cloud, "cloud");
        this.loop = requireNonNull(loop, "loop");
    }

    /** Queues a drain for every spool file already in the directory (those left before a restart). */
    public void start() {
        loop.execute(() -> {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(spools.dir(), "*.spool")) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    String id = name.substring(0, name.length() - ".spool".length());
                    if (DeviceId.isValid(id)) {
                        waiting.add(DeviceId.parse(id));
                    }
                }
            } catch (IOException e) {
                log.error("spool directory {} cannot be listed; leftover spools drain when their devices return", spools.dir(), e);
            }
            pump();
        });
    }

    /**
     * The spool of {@code device} for its connection: stops the device's drain first, if one runs.
     * Called from the device's event loop; waits (briefly) for the drainer's loop.
     */
    public Spool acquireForDevice(DeviceId device) throws IOException {
        return onLoop(() -> {
            waiting.remove(device);
            backoff.remove(device);
            SpoolDrain drain = running.remove(device);
            if (drain != null) {
                drain.stop();
                log.info("spool of {}: the device is back, it drains its spool itself", device);
                pump();
            }
            return spools.acquire(device);
        });
    }

    /** The last connection of {@code device} let go of its spool: drain what it left, if anything. */
    public void released(DeviceId device) {
        loop.execute(() -> {
            if (!closed && !running.containsKey(device)) {
                waiting.add(device);
                pump();
            }
        });
    }

    /** How many drains run now (for tests and status). */
    public int running() {
        return onLoopUnchecked(running::size);
    }

    /** Stops every drain; what is left stays on disk for the next start. */
    @Override
    public void close() {
        onLoopUnchecked(() -> {
            closed = true;
            waiting.clear();
            running.values().forEach(SpoolDrain::stop);
            running.clear();
            return null;
        });
    }

    private void pump() {
        while (!closed && running.size() < MAX_CONCURRENT && !waiting.isEmpty()) {
            DeviceId device = waiting.iterator().next();
            waiting.remove(device);
            begin(device);
        }
    }

    private void begin(DeviceId device) {
        Spool spool;
        try {
            spool = spools.acquireIfUnused(device);
        } catch (IOException e) {
            log.error("spool of {} cannot be opened; it drains when the device returns", device, e);
            return;
        }
        if (spool == null) {
            return; // the device is connected: its own session drains the spool
        }
        if (spool.isEmpty()) {
            spools.release(device);
            return;
        }
        log.info("spool of {}: {} messages left by the departed device, draining", device, spool.size());
        SpoolDrain drain = new SpoolDrain(device, spool, () -> spools.release(device), this::finished);
        running.put(device, drain);
        drain.begin(cloud, loop, new CloudConnect(false, Optional.empty()), CHECK_EVERY);
    }

    /** A drain ended: emptied (null cause) or the broker could not be reached (retried later). */
    private void finished(SpoolDrain drain, Throwable cause) {
        DeviceId device = drain.device();
        if (running.get(device) != drain) {
            return;
        }
        running.remove(device);
        if (cause == null) {
            backoff.remove(device);
            log.info("spool of {}: drained", device);
        } else if (!closed) {
            Duration wait = backoff.getOrDefault(device, FIRST_RETRY);
            backoff.put(device, min(wait.multipliedBy(2), LAST_RETRY));
            log.warn("spool of {}: cloud broker not reachable ({}), retrying in {} s", device, cause.toString(), wait.toSeconds());
            loop.schedule(() -> released(device), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        pump();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private <T> T onLoop(Callable<T> task) throws IOException {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return loop.submit(task).get(HAND_OVER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("spool drainer failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("spool drainer did not answer within " + HAND_OVER_BOUND.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while taking the spool over from the drainer", e);
        }
    }

    private <T> T onLoopUnchecked(Callable<T> task) {
        try {
            return onLoop(task);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
