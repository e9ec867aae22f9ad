package io.palisade.adapters.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.adapters.fixtures.CountingOrigin;
import io.palisade.adapters.fixtures.Devices;
import io.palisade.adapters.fixtures.Devices.Device;
import io.palisade.adapters.fixtures.HashingSubscriber;
import io.palisade.adapters.fixtures.Policies;
import io.palisade.adapters.fixtures.RelayGateway;
import io.palisade.adapters.fixtures.TlsContexts;
import io.palisade.adapters.fixtures.Updates;
import io.palisade.adapters.http.HttpRelayService;
import io.palisade.core.update.ImageCache;
import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ManifestTarget;

/**
 * 50 devices' downloads of one 50 MB image at the same moment, through the gateway, from an HTTPS
 * origin that requires the gateway's client certificate: the origin serves the image exactly once
 * (counted at the origin), and every download hashes to the image's digest. Prints the figures.
 */
class FansOutOneOriginFetchIT {

    private static final int SIZE = 50 * 1024 * 1024;
    private static final int DOWNLOADS = 50;

    @TempDir
    Path originDir;
    @TempDir
    Path cacheDir;

    private final Updates updates = new Updates();
    private final Devices devices = new Devices();
    private final ExecutorService fetches = Executors.newFixedThreadPool(2);
    private CountingOrigin origin;
    private ImageCache cache;
    private RelayGateway gw;
    private ImageDigest digest;

    @BeforeEach
    void start() throws Exception {
        digest = Updates.publish(originDir, Updates.bytes(SIZE, 50));
        updates.accept(new ManifestTarget("sensor", "stable"), 1, digest, SIZE);
        origin = new CountingOrigin(originDir);
        HttpsOrigin https = HttpsOrigin.create(origin.base(), origin.gatewayContext(), Duration.ofSeconds(10));
        cache = ImageCache.open(cacheDir, 1L << 30, https, fetches);
        gw = new RelayGateway(devices, Policies.standard(), HttpRelayService.builder().routes(UpdateRelay.of(updates.store, cache)).build());
    }

    @AfterEach
    void stop() {
        gw.close();
        origin.close();
        fetches.shutdownNow();
    }

    @Test
    void fiftyConcurrentDownloadsFetchTheImageOnce() throws Exception {
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // 5 devices, 10 downloads each, each download on its own connection
            Device d = devices.device();
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(TlsContexts.of(d.keys().getPrivate(), d.chain().subList(0, 2), gw.serverCa.root())).build());
        }
        URI uri = URI.create(gw.url("/updates/v1/sha256/" + digest.hex()));
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> downloads = new ArrayList<>();
        for (int i = 0; i < DOWNLOADS; i++) {
            downloads.add(clients.get(i % clients.size()).sendAsync(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.fromSubscriber(new HashingSubscriber(), HashingSubscriber::result)));
        }
        CompletableFuture.allOf(downloads.toArray(new CompletableFuture[0])).get(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - started) / 1e9;

        for (CompletableFuture<HttpResponse<String>> d : downloads) {
            assertThat(d.get().statusCode()).isEqualTo(200);
            assertThat(d.get().body()).isEqualTo(digest.hex() + ":" + SIZE);
        }
        assertThat(origin.imageRequests.get()).isEqualTo(1);
        assertThat(cache.stats().originFetches()).isEqualTo(1);
        assertThat(Files.list(cacheDir.resolve("tmp"))).isEmpty();
        System.out.printf("fan-out: %d downloads of %d MB in %.1f s (%.0f MB/s through the gateway), origin requests: %d%n",
                DOWNLOADS, SIZE >> 20, seconds, DOWNLOADS * (SIZE >> 20) / seconds, origin.imageRequests.get());
    }
}
