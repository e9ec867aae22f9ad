package io.palisade.adapters.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.palisade.adapters.fixtures.Devices;
import io.palisade.adapters.fixtures.Exchanges;
import io.palisade.adapters.fixtures.Exchanges.Answer;
import io.palisade.adapters.fixtures.FakeServices;
import io.palisade.adapters.fixtures.Policies;
import io.palisade.adapters.fixtures.Updates;
import io.palisade.adapters.http.HttpRelayService;
import io.palisade.core.policy.Outcome;
import io.palisade.core.update.DirectoryOrigin;
import io.palisade.core.update.ImageCache;
import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ManifestTarget;
import io.palisade.core.update.SignedManifest;

/**
 * The update routes on an EmbeddedChannel: manifests by product and channel as policy allows,
 * images only when a readable manifest lists them, whole or in ranges, and the status of every
 * refusal.
 */
class UpdateRelayTest {

    private static final int SIZE = 1000;

    @TempDir
    Path origin;
    @TempDir
    Path cacheDir;

    private final Updates updates = new Updates();
    private final Devices devices = new Devices();
    private final byte[] image = Updates.bytes(SIZE, 1);
    private final byte[] betaImage = Updates.bytes(SIZE, 2);
    private ImageDigest digest;
    private ImageDigest betaDigest;
    private SignedManifest stable;
    private FakeServices services;
    private Exchanges http;

    @BeforeEach
    void start() throws Exception {
        digest = Updates.publish(origin, image);
        betaDigest = Updates.publish(origin, betaImage);
        stable = updates.accept(new ManifestTarget("sensor", "stable"), 3, digest, SIZE);
        updates.accept(new ManifestTarget("sensor", "beta"), 4, betaDigest, SIZE);
        ImageCache cache = ImageCache.open(cacheDir, 1 << 20, DirectoryOrigin.byDigest(origin), Runnable::run);
        services = new FakeServices(devices.device().identity(), Policies.standard());
        http = new Exchanges(HttpRelayService.builder().routes(UpdateRelay.of(updates.store, cache)).build(), services);
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void servesTheManifestOfAnAllowedChannel() {
        Answer a = http.get("/updates/v1/sensor/stable/manifest");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo(stable.document());
        assertThat(a.headers().get("Content-Type")).isEqualTo(UpdateRelay.MANIFEST_TYPE);
        assertThat(services.decisions).singleElement().satisfies(d -> {
            assertThat(d.request().toString()).isEqualTo("update stable");
            assertThat(d.decision().outcome()).isEqualTo(Outcome.ALLOW);
        });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/updates/v1/sensor/beta/manifest, 403",
            "/updates/v1/camera/stable/manifest, 403",
            "/updates/v1/sensor/nightly/manifest, 403",
            "/updates/v1/sensor/stable/manifest/x, 404",
            "/updates/v1/sensor/stable, 404",
            "/updates/v1/sha256/0000000000000000000000000000000000000000000000000000000000000000, 404",
            "/updates/v1/sha256/ABC, 404",
            "/updates/v2/sensor/stable/manifest, 404",
            "/elsewhere, 404",
    })
    void refusesWhatTheDeviceMayNotRead(String path, int status) {
        assertThat(http.get(path).status()).isEqualTo(status);
    }

    @Test
    void anImageListedOnlyByADeniedChannelIsNotFound() {
        Answer a = http.get("/updates/v1/sha256/" + betaDigest.hex());

        assertThat(a.status()).isEqualTo(404);
        assertThat(services.decisions).extracting(d -> d.decision().outcome()).containsExactly(Outcome.DENY);
    }

    @Test
    void servesAWholeImage() {
        Answer a = http.get("/updates/v1/sha256/" + digest.hex());

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo(image);
        assertThat(a.headers().get("Accept-Ranges")).isEqualTo("bytes");
        assertThat(a.headers().get("ETag")).isEqualTo("\"" + digest + "\"");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "bytes=0-99, 0, 100, bytes 0-99/1000",
            "bytes=900-, 900, 100, bytes 900-999/1000",
            "bytes=-10, 990, 10, bytes 990-999/1000",
            "bytes=500-5000, 500, 500, bytes 500-999/1000",
    })
    void servesARange(String range, int from, int length, String contentRange) {
        Answer a = http.get("/updates/v1/sha256/" + digest.hex(), "Range: " + range);

        assertThat(a.status()).isEqualTo(206);
        assertThat(a.headers().get("Content-Range")).isEqualTo(contentRange);
        assertThat(a.body()).isEqualTo(Arrays.copyOfRange(image, from, from + length));
    }

    @Test
    void aRangePastTheEndIs416() {
        Answer a = http.get("/updates/v1/sha256/" + digest.hex(), "Range: bytes=1000-");

        assertThat(a.status()).isEqualTo(416);
        assertThat(a.headers().get("Content-Range")).isEqualTo("bytes */1000");
    }

    @Test
    void headAnswersTheHeadersAlone() {
        String raw = http.sendRaw("HEAD /updates/v1/sha256/" + digest.hex() + " HTTP/1.1\nHost: g\n\n");

        assertThat(raw).startsWith("HTTP/1.1 200 OK\r\n").contains("content-length: " + SIZE + "\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void otherMethodsAre405() {
        List<Answer> a = http.send("POST /updates/v1/sensor/stable/manifest HTTP/1.1\nHost: g\nContent-Length: 2\n\nhi");

        assertThat(a).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.headers().get("Allow")).isEqualTo("GET, HEAD");
        });
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        List<Answer> a = http.send("GET /updates/v1/sha256/" + digest.hex() + " HTTP/1.1\nHost: g\nRange: bytes=0-9\n\n"
                + "GET /updates/v1/sensor/beta/manifest HTTP/1.1\nHost: g\n\n"
                + "GET /updates/v1/sensor/stable/manifest HTTP/1.1\nHost: g\n\n");

        assertThat(a).extracting(Answer::status).containsExactly(206, 403, 200);
    }

    @Test
    void anUnreadableRequestIs400() {
        List<Answer> a = http.send("GET /" + "x".repeat(HttpRelayService.MAX_REQUEST_LINE) + " HTTP/1.1\nHost: g\n\n");

        assertThat(a).extracting(Answer::status).containsExactly(400);
    }
}
