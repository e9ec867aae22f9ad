package io.palisade.adapters.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.palisade.adapters.fixtures.Curl;
import io.palisade.adapters.fixtures.Devices;
import io.palisade.adapters.fixtures.Devices.Device;
import io.palisade.adapters.fixtures.Policies;
import io.palisade.adapters.fixtures.RelayGateway;
import io.palisade.adapters.fixtures.Updates;
import io.palisade.adapters.http.HttpRelayService;
import io.palisade.core.update.DirectoryOrigin;
import io.palisade.core.update.ImageCache;
import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ManifestTarget;
import io.palisade.core.update.SignedManifest;

/**
 * The real {@code curl} with a device certificate, over HTTP/1.1 and HTTP/2: the manifest of an
 * allowed channel, the image, a range (206), a channel the policy denies (403), a digest no
 * manifest lists (404). The manifest is not in the store at first: the gateway fetches it from
 * the embedded origin (a directory) when the device first asks.
 */
class ServesUpdatesToCurlIT {

    private static final int SIZE = 300_000;

    @TempDir
    Path dir;
    @TempDir
    Path origin;
    @TempDir
    Path cacheDir;

    private final Updates updates = new Updates();
    private final Devices devices = new Devices();
    private final byte[] image = Updates.bytes(SIZE, 7);
    private final ExecutorService fetches = Executors.newFixedThreadPool(2);
    private ImageDigest digest;
    private SignedManifest stable;
    private RelayGateway gw;
    private Curl curl;

    @BeforeEach
    void start() throws Exception {
        digest = Updates.publish(origin, image);
        stable = updates.manifest(new ManifestTarget("sensor", "stable"), 1, digest, SIZE);
        DirectoryManifestSource manifests = new DirectoryManifestSource(origin);
        java.nio.file.Files.createDirectories(manifests.pathOf(stable.manifest().target()).getParent());
        java.nio.file.Files.write(manifests.pathOf(stable.manifest().target()), stable.document());
        updates.accept(new ManifestTarget("sensor", "beta"), 1, digest, SIZE);
        ImageCache cache = ImageCache.open(cacheDir, 1 << 24, DirectoryOrigin.byDigest(origin), fetches);
        ManifestRefresher refresher = new ManifestRefresher(manifests, updates.store, fetches, updates.clock);
        gw = new RelayGateway(devices, Policies.standard(),
                HttpRelayService.builder().routes(UpdateRelay.of(updates.store, cache, refresher)).build());
        Device device = devices.device();
        curl = new Curl(dir, gw.writeRoot(dir), device.chain().subList(0, 2), device.keys(), "device");
    }

    @AfterEach
    void stop() {
        gw.close();
        fetches.shutdownNow();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--http1.1", "--http2"})
    void manifestImageAndRange(String version) throws Exception {
        Curl.Result manifest = curl.run(gw.url("/updates/v1/sensor/stable/manifest"), version);
        assertThat(manifest.status()).as(manifest.stderr()).isEqualTo(200);
        assertThat(manifest.body()).isEqualTo(stable.document());
        assertThat(manifest.httpVersion()).isEqualTo(version.equals("--http2") ? "2" : "1.1");

        Curl.Result whole = curl.run(gw.url("/updates/v1/sha256/" + digest.hex()), version);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(image);

        Curl.Result range = curl.run(gw.url("/updates/v1/sha256/" + digest.hex()), version, "-r", "0-99");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOf(image, 100));

        Curl.Result resumed = curl.run(gw.url("/updates/v1/sha256/" + digest.hex()), version, "-r", "100000-");
        assertThat(resumed.status()).isEqualTo(206);
        assertThat(resumed.body()).isEqualTo(Arrays.copyOfRange(image, 100_000, SIZE));
    }

    @Test
    void deniedChannelIs403() throws Exception {
        Curl.Result r = curl.run(gw.url("/updates/v1/sensor/beta/manifest"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).contains("channel beta");
    }

    @Test
    void unknownDigestIs404() throws Exception {
        Curl.Result r = curl.run(gw.url("/updates/v1/sha256/" + ImageDigest.of(new byte[] {1}).hex()));

        assertThat(r.status()).isEqualTo(404);
    }

    @Test
    void anotherProductsManifestIs403() throws Exception {
        Curl.Result r = curl.run(gw.url("/updates/v1/camera/stable/manifest"));

        assertThat(r.status()).isEqualTo(403);
    }
}
