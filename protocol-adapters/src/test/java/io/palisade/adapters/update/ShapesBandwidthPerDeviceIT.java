package io.palisade.adapters.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.adapters.fixtures.Curl;
import io.palisade.adapters.fixtures.Devices;
import io.palisade.adapters.fixtures.Devices.Device;
import io.palisade.adapters.fixtures.Policies;
import io.palisade.adapters.fixtures.RelayGateway;
import io.palisade.adapters.fixtures.Updates;
import io.palisade.adapters.http.HttpRelayService;
import io.palisade.core.policy.model.Limits;
import io.palisade.core.update.DirectoryOrigin;
import io.palisade.core.update.ImageCache;
import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ManifestTarget;

/**
 * Policy {@code limits.bytesPerSecond: 256 KiB}: a 1 MiB image reaches the device intact but takes
 * at least the time the rate allows for most of it (a lower bound only: a slow machine is slower
 * still, never faster), and two downloads of the same device share the rate.
 */
class ShapesBandwidthPerDeviceIT {

    private static final long RATE = 256 * 1024;
    private static final int SIZE = 1 << 20;

    @TempDir
    Path dir;
    @TempDir
    Path originDir;
    @TempDir
    Path cacheDir;

    private final Updates updates = new Updates();
    private final Devices devices = new Devices();
    private final ExecutorService fetches = Executors.newFixedThreadPool(2);
    private final byte[] image = Updates.bytes(SIZE, 9);
    private ImageDigest digest;
    private RelayGateway gw;
    private Curl curl;

    @BeforeEach
    void start() throws Exception {
        digest = Updates.publish(originDir, image);
        updates.accept(new ManifestTarget("sensor", "stable"), 1, digest, SIZE);
        ImageCache cache = ImageCache.open(cacheDir, 1L << 30, DirectoryOrigin.byDigest(originDir), fetches);
        gw = new RelayGateway(devices, Policies.with(Limits.of(null, null, RATE)),
                HttpRelayService.builder().routes(UpdateRelay.of(updates.store, cache)).build());
        Device d = devices.device();
        curl = new Curl(dir, gw.writeRoot(dir), d.chain().subList(0, 2), d.keys(), "device");
    }

    @AfterEach
    void stop() {
        gw.close();
        fetches.shutdownNow();
    }

    @Test
    void downloadsAreShapedToThePolicyRate() throws Exception {
        String url = gw.url("/updates/v1/sha256/" + digest.hex());
        long started = System.nanoTime();
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return curl.run(url);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Curl.Result first = curl.run(url);
        Curl.Result other = second.join();
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(first.body()).isEqualTo(image);
        assertThat(other.body()).isEqualTo(image);
        // 2 MiB at 256 KiB/s shared: 8 s; allow the first second's burst and accounting slack.
        assertThat(seconds).isGreaterThan(5.0);
    }
}
