package io.palisade.adapters.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.adapters.fixtures.CountingOrigin;
import io.palisade.adapters.fixtures.Curl;
import io.palisade.adapters.fixtures.Devices;
import io.palisade.adapters.fixtures.Devices.Device;
import io.palisade.adapters.fixtures.Policies;
import io.palisade.adapters.fixtures.RelayGateway;
import io.palisade.adapters.fixtures.Updates;
import io.palisade.adapters.http.HttpRelayService;
import io.palisade.core.update.ImageCache;
import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ManifestTarget;

/**
 * An origin that serves corrupt bytes: the device gets a 502 and no byte of the image, nothing is
 * cached, and the next request goes to the origin again (and is refused again); once the origin
 * is repaired the image is served.
 */
class RefusesCorruptOriginIT {

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
    private final byte[] image = Updates.bytes(SIZE, 3);
    private CountingOrigin origin;
    private RelayGateway gw;
    private ImageDigest digest;
    private Curl curl;

    @BeforeEach
    void start() throws Exception {
        digest = Updates.publish(originDir, image);
        updates.accept(new ManifestTarget("sensor", "stable"), 1, digest, SIZE);
        origin = new CountingOrigin(originDir);
        origin.corrupt = true;
        ImageCache cache = ImageCache.open(cacheDir, 1L << 30,
                HttpsOrigin.create(origin.base(), origin.gatewayContext(), Duration.ofSeconds(10)), fetches);
        gw = new RelayGateway(devices, Policies.standard(), HttpRelayService.builder().routes(UpdateRelay.of(updates.store, cache)).build());
        Device d = devices.device();
        curl = new Curl(dir, gw.writeRoot(dir), d.chain().subList(0, 2), d.keys(), "device");
    }

    @AfterEach
    void stop() {
        gw.close();
        origin.close();
        fetches.shutdownNow();
    }

    @Test
    void corruptBytesAreNeitherServedNorCached() throws Exception {
        String url = gw.url("/updates/v1/sha256/" + digest.hex());

        Curl.Result first = curl.run(url);
        Curl.Result second = curl.run(url);

        assertThat(first.status()).isEqualTo(502);
        assertThat(second.status()).isEqualTo(502);
        assertThat(first.text()).contains("DIGEST_MISMATCH").doesNotContain(new String(image, 0, 16, "ISO-8859-1"));
        assertThat(origin.imageRequests.get()).isEqualTo(2);
        assertThat(Files.list(cacheDir.resolve("sha256"))).isEmpty();
        assertThat(Files.list(cacheDir.resolve("tmp"))).isEmpty();

        origin.corrupt = false;
        Curl.Result repaired = curl.run(url);
        assertThat(repaired.status()).isEqualTo(200);
        assertThat(repaired.body()).isEqualTo(image);
    }
}
