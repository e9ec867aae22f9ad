package io.palisade.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.core.update.ImageFetchException.Reason;

/** Single flight, digest verification before caching, LRU eviction by size, ranges from disk. */
class ImageCacheTest {

    @TempDir
    Path dir;

    private final ExecutorService fetches = Executors.newFixedThreadPool(4);
    private final FakeOrigin origin = new FakeOrigin();

    @AfterEach
    void stop() {
        fetches.shutdownNow();
    }

    @Test
    void fiftyConcurrentRequestsShareOneOriginFetch() throws Exception {
        byte[] image = bytes("firmware", 10_000);
        ImageDigest digest = ImageDigest.of(image);
        origin.put(digest, image);
        origin.gate = new CountDownLatch(1);
        ImageCache cache = ImageCache.open(dir, 1 << 20, origin, fetches);
        ExecutorService devices = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<CompletableFuture<CachedImage>>> asked = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                asked.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return cache.get(digest);
                }, devices));
            }
            start.countDown();
            List<CompletableFuture<CachedImage>> pending = new ArrayList<>();
            for (var a : asked) {
                pending.add(a.get(10, TimeUnit.SECONDS));
            }
            assertThat(origin.entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(pending).noneMatch(CompletableFuture::isDone);

            origin.gate.countDown();

            for (CompletableFuture<CachedImage> p : pending) {
                try (CachedImage img = p.get(10, TimeUnit.SECONDS)) {
                    assertThat(img.stream(ByteRange.full(img.size())).readAllBytes()).isEqualTo(image);
                }
            }
            assertThat(origin.opens.get()).isEqualTo(1);
            assertThat(cache.stats().originFetches()).isEqualTo(1);
        } finally {
            devices.shutdownNow();
        }
    }

    @Test
    void bytesThatDoNotHashToTheDigestAreNeitherCachedNorServed() throws Exception {
        ImageDigest digest = ImageDigest.of(bytes("genuine", 1000));
        origin.put(digest, bytes("forged", 1000));
        ImageCache cache = ImageCache.open(dir, 1 << 20, origin, fetches);

        assertThat(failure(cache.get(digest))).isEqualTo(Reason.DIGEST_MISMATCH);
        assertThat(failure(cache.get(digest))).isEqualTo(Reason.DIGEST_MISMATCH);

        assertThat(origin.opens.get()).as("a failed fetch is not remembered: the next request tries again").isEqualTo(2);
        assertThat(listing(dir.resolve("sha256"))).isEmpty();
        assertThat(listing(dir.resolve("tmp"))).isEmpty();
        assertThat(cache.getIfCached(digest)).isEmpty();
        assertThat(cache.stats().failedFetches()).isEqualTo(2);
    }

    @Test
    void evictsTheLeastRecentlyUsedImagesUntilTheNewOneFits() throws Exception {
        ImageDigest a = origin.add(bytes("a", 40));
        ImageDigest b = origin.add(bytes("b", 40));
        ImageDigest c = origin.add(bytes("c", 40));
        ImageCache cache = ImageCache.open(dir, 100, origin, fetches);
        cache.get(a).get().close();
        cache.get(b).get().close();
        cache.get(a).get().close();

        cache.get(c).get().close();

        assertThat(listing(dir.resolve("sha256"))).containsExactlyInAnyOrder(a.hex(), c.hex());
        assertThat(cache.stats()).satisfies(s -> {
            assertThat(s.bytes()).isEqualTo(80);
            assertThat(s.evictions()).isEqualTo(1);
            assertThat(s.hits()).isEqualTo(1);
        });
    }

    @Test
    void aReaderKeepsReadingAnImageEvictedUnderIt() throws Exception {
        byte[] first = bytes("first", 60);
        ImageDigest a = origin.add(first);
        ImageDigest b = origin.add(bytes("second", 60));
        ImageCache cache = ImageCache.open(dir, 100, origin, fetches);
        try (CachedImage open = cache.get(a).get()) {
            cache.get(b).get().close();
            assertThat(cache.getIfCached(a)).isEmpty();
            assertThat(open.stream(ByteRange.full(60)).readAllBytes()).isEqualTo(first);
        }
    }

    @Test
    void servesRangesFromDisk() throws Exception {
        byte[] image = bytes("ranged", 1000);
        ImageDigest digest = origin.add(image);
        ImageCache cache = ImageCache.open(dir, 1 << 20, origin, fetches);

        try (CachedImage img = cache.get(digest).get()) {
            ByteRange range = ByteRange.parse("bytes=100-199", img.size()).orElseThrow();
            assertThat(img.stream(range).readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(image, 100, 200));
            assertThat(range.contentRange(img.size())).isEqualTo("bytes 100-199/1000");
            assertThatThrownBy(() -> img.stream(new ByteRange(990, 20))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void missingAndOversizedImagesAreTypedFailures() throws Exception {
        ImageCache cache = ImageCache.open(dir, 100, origin, fetches);
        ImageDigest big = origin.add(bytes("big", 101));

        assertThat(failure(cache.get(ImageDigest.of(new byte[] {1})))).isEqualTo(Reason.NOT_FOUND);
        assertThat(failure(cache.get(big))).isEqualTo(Reason.TOO_LARGE);
        assertThat(listing(dir.resolve("tmp"))).isEmpty();
    }

    @Test
    void aReopenedCacheKeepsItsImagesAndDropsPartialDownloads() throws Exception {
        ImageDigest a = origin.add(bytes("kept", 50));
        ImageCache.open(dir, 100, origin, fetches).get(a).get().close();
        Files.writeString(dir.resolve("tmp").resolve(a.hex() + ".123.part"), "half");

        ImageCache reopened = ImageCache.open(dir, 100, origin, fetches);

        assertThat(reopened.getIfCached(a)).isPresent();
        assertThat(reopened.stats().bytes()).isEqualTo(50);
        assertThat(listing(dir.resolve("tmp"))).isEmpty();
        assertThat(origin.opens.get()).isEqualTo(1);
    }

    private static Reason failure(CompletableFuture<CachedImage> f) throws InterruptedException {
        try {
            f.get(10, TimeUnit.SECONDS).close();
            throw new AssertionError("expected a failed fetch");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ImageFetchException.class);
            return ((ImageFetchException) e.getCause()).reason();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] bytes(String seed, int size) {
        byte[] s = seed.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (s[i % s.length] + i / s.length);
        }
        return out;
    }

    private static List<String> listing(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p)) {
            return s.map(x -> x.getFileName().toString()).toList();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An origin serving from memory; with a gate, each open waits until the test opens the gate. */
    static final class FakeOrigin implements Origin {
        final Map<ImageDigest, byte[]> images = new ConcurrentHashMap<>();
        final AtomicInteger opens = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch gate;

        void put(ImageDigest digest, byte[] bytes) {
            images.put(digest, bytes);
        }

        ImageDigest add(byte[] bytes) {
            ImageDigest d = ImageDigest.of(bytes);
            put(d, bytes);
            return d;
        }

        @Override
        public InputStream open(ImageDigest digest) throws IOException {
            opens.incrementAndGet();
            entered.countDown();
            if (gate != null) {
                await(gate);
            }
            byte[] b = images.get(digest);
            if (b == null) {
                throw new NoSuchFileException(digest.toString());
            }
            return new ByteArrayInputStream(b);
        }
    }
}
