package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.core.update.ImageFetchException.Reason;

/**
 * The gateway's content-addressed image cache: {@code <dir>/sha256/<hex>}, bounded in total size
 * with least-recently-used eviction.
 *
 * <p>An image not yet cached is fetched from the {@link Origin} once, however many devices ask
 * for it at the same moment (single flight: the first request starts the fetch on the fetch
 * executor, every later one waits for the same fetch). The bytes are hashed while they are
 * written to {@code <dir>/tmp/}, and the file is renamed into {@code sha256/} only if they hash
 * to the digest asked for: bytes that do not are never cached nor served
 * ({@link Reason#DIGEST_MISMATCH}), and the next request fetches afresh. Readers get their own
 * open file ({@link CachedImage}), so an image is served from disk in ranges without being held
 * in memory.
 */
public final class ImageCache {

    /** What the cache has done, for metrics and {@code /status}. */
    public record Stats(long hits, long originFetches, long failedFetches, long evictions, long bytes, int images,
                        long maxBytes) {}

    private static final Logger log = LoggerFactory.getLogger(ImageCache.class);

    private final Path tmp;
    private final CacheIndex index;
    private final Origin origin;
    private final Executor fetchExecutor;
    private final ConcurrentHashMap<ImageDigest, CompletableFuture<Void>> inflight = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong originFetches = new AtomicLong();
    private final AtomicLong failedFetches = new AtomicLong();

    private ImageCache(Path tmp, CacheIndex index, Origin origin, Executor fetchExecutor) {
        this.tmp = tmp;
        this.index = index;
        this.origin = origin;
        this.fetchExecutor = fetchExecutor;
    }

    /**
     * Opens (creating if needed) the cache in {@code dir}, indexing the images already there and
     * deleting partial downloads left by an earlier run.
     *
     * @param maxBytes      the most the cached images may take together, at least 1
     * @param origin        where missing images are fetched from
     * @param fetchExecutor where fetches run (they block on the origin and the disk)
     */
    public static ImageCache open(Path dir, long maxBytes, Origin origin, Executor fetchExecutor) throws IOException {
        requireNonNull(dir, "dir");
        requireNonNull(origin, "origin");
        requireNonNull(fetchExecutor, "fetchExecutor");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
        }
        Path objects = Files.createDirectories(dir.resolve("sha256"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        try (DirectoryStream<Path> partial = Files.newDirectoryStream(tmp, "*.part")) {
            for (Path p : partial) {
                Files.deleteIfExists(p);
            }
        }
        return new ImageCache(tmp, CacheIndex.scan(objects, maxBytes), origin, fetchExecutor);
    }

    /**
     * The image with {@code digest}, open for reading: at once if it is cached, else once the
     * (shared) fetch from the origin has verified it. Fails with {@link ImageFetchException}.
     */
    public CompletableFuture<CachedImage> get(ImageDigest digest) {
        requireNonNull(digest, "digest");
        try {
            Optional<CachedImage> hit = index.open(digest);
            if (hit.isPresent()) {
                hits.incrementAndGet();
                return CompletableFuture.completedFuture(hit.get());
            }
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new ImageFetchException(Reason.STORE_FAILED, digest + ": " + e, e));
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> shared = inflight.putIfAbsent(digest, mine);
        if (shared == null) {
            shared = mine;
            try {
                fetchExecutor.execute(() -> fetch(digest, mine));
            } catch (RejectedExecutionException e) {
                inflight.remove(digest, mine);
                mine.completeExceptionally(new ImageFetchException(Reason.ORIGIN_FAILED, digest + ": fetch not started (" + e + ")", e));
            }
        }
        return shared.thenCompose(done -> openFetched(digest));
    }

    /** The image if it is cached now (marked recently used); never fetches. */
    public Optional<CachedImage> getIfCached(ImageDigest digest) throws IOException {
        Optional<CachedImage> hit = index.open(requireNonNull(digest, "digest"));
        hit.ifPresent(h -> hits.incrementAndGet());
        return hit;
    }

    public Stats stats() {
        return new Stats(hits.get(), originFetches.get(), failedFetches.get(), index.evictions(), index.totalBytes(),
                index.count(), index.maxBytes());
    }

    private CompletableFuture<CachedImage> openFetched(ImageDigest digest) {
        try {
            return index.open(digest).map(CompletableFuture::completedFuture).orElseGet(() -> CompletableFuture.failedFuture(
                    new ImageFetchException(Reason.EVICTED, digest + ": evicted before it could be opened (cache of "
                            + index.maxBytes() + " bytes too small for the images in demand)")));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new ImageFetchException(Reason.STORE_FAILED, digest + ": " + e, e));
        }
    }

    private void fetch(ImageDigest digest, CompletableFuture<Void> flight) {
        try {
            if (!index.contains(digest)) {
                originFetches.incrementAndGet();
                VerifiedDownload.into(index, tmp, origin, digest);
            }
            inflight.remove(digest, flight);
            flight.complete(null);
        } catch (ImageFetchException | RuntimeException e) {
            ImageFetchException failure = e instanceof ImageFetchException f ? f
                    : new ImageFetchException(Reason.ORIGIN_FAILED, digest + ": " + e, e);
            failedFetches.incrementAndGet();
            log.warn("image {} not cached from {}: {}", digest, origin, failure.getMessage());
            inflight.remove(digest, flight);
            flight.completeExceptionally(failure);
        }
    }
}
