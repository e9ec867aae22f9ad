package io.palisade.adapters.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.palisade.adapters.fixtures.Devices;
import io.palisade.adapters.fixtures.Devices.Device;
import io.palisade.adapters.fixtures.Policies;
import io.palisade.adapters.fixtures.RelayGateway;
import io.palisade.adapters.fixtures.TlsContexts;
import io.palisade.adapters.fixtures.Updates;
import io.palisade.adapters.http.HttpRelayService;
import io.palisade.core.update.DirectoryOrigin;
import io.palisade.core.update.ImageCache;
import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ManifestTarget;

/**
 * Cached images over real mutual TLS, HTTP/1.1 and h2: four devices at once, each asking in turn
 * on one connection (kept alive; on h2 as concurrent streams too) for the whole image, ranges
 * that cross the 128 KiB chunks and the 16 KiB TLS records, the last bytes, and the whole image
 * again: every body is byte for byte the part asked for, with the right length and status.
 */
class ServesCachedImagesByteExactIT {

    /** Not a multiple of a chunk or a record. */
    private static final int SIZE = 6 * 1024 * 1024 + 12_345;
    private static final int DEVICES = 4;

    @org.junit.jupiter.api.io.TempDir
    Path originDir;
    @org.junit.jupiter.api.io.TempDir
    Path cacheDir;

    private final Updates updates = new Updates();
    private final Devices devices = new Devices();
    private final ExecutorService fetches = Executors.newFixedThreadPool(1);
    private final byte[] image = Updates.bytes(SIZE, 11);
    private RelayGateway gw;
    private ImageDigest digest;

    @BeforeEach
    void start() throws Exception {
        digest = Updates.publish(originDir, image);
        updates.accept(new ManifestTarget("sensor", "stable"), 1, digest, SIZE);
        ImageCache cache = ImageCache.open(cacheDir, 1L << 30, DirectoryOrigin.byDigest(originDir), fetches);
        gw = new RelayGateway(devices, Policies.standard(), HttpRelayService.builder().routes(UpdateRelay.of(updates.store, cache)).build());
    }

    @AfterEach
    void stop() {
        gw.close();
        fetches.shutdownNow();
    }

    private record Ask(String range, int status, int from, int to) {}

    private static final List<Ask> ASKS = List.of(
            new Ask(null, 200, 0, SIZE),
            new Ask("bytes=131000-400000", 206, 131_000, 400_001),
            new Ask("bytes=16384-32767", 206, 16_384, 32_768),
            new Ask("bytes=-10", 206, SIZE - 10, SIZE),
            new Ask(null, 200, 0, SIZE));

    @ParameterizedTest
    @EnumSource(value = HttpClient.Version.class)
    void everyDeviceGetsExactlyThePartItAskedFor(HttpClient.Version version) throws Exception {
        URI uri = URI.create(gw.url("/updates/v1/sha256/" + digest.hex()));
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            Device d = devices.device();
            HttpClient client = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(10))
                    .sslContext(TlsContexts.of(d.keys().getPrivate(), d.chain().subList(0, 2), gw.serverCa.root())).build();
            all.add(CompletableFuture.runAsync(() -> askInTurn(client, uri)));
            if (version == HttpClient.Version.HTTP_2) { // the same asks as concurrent streams of one connection
                for (Ask ask : ASKS) {
                    all.add(client.sendAsync(request(uri, ask), HttpResponse.BodyHandlers.ofByteArray())
                            .thenAccept(r -> check(ask, r)));
                }
            }
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(3, TimeUnit.MINUTES);
    }

    private void askInTurn(HttpClient client, URI uri) {
        for (Ask ask : ASKS) {
            try {
                check(ask, client.send(request(uri, ask), HttpResponse.BodyHandlers.ofByteArray()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static HttpRequest request(URI uri, Ask ask) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1));
        if (ask.range() != null) {
            b.header("Range", ask.range());
        }
        return b.build();
    }

    private void check(Ask ask, HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).as("%s", ask).isEqualTo(ask.status());
        if (r.version() == HttpClient.Version.HTTP_1_1) {
            assertThat(r.headers().firstValueAsLong("content-length")).as("%s", ask).hasValue(ask.to() - ask.from());
        }
        assertThat(r.body().length).as("%s", ask).isEqualTo(ask.to() - ask.from());
        assertThat(Arrays.equals(r.body(), Arrays.copyOfRange(image, ask.from(), ask.to()))).as("%s: bytes", ask).isTrue();
    }
}
