package io.palisade.core.update;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images on disk under {@code sha256/<hex>}, in least-recently-used order, with their total
 * size kept at most {@code maxBytes}: admitting an image first evicts the least recently used
 * ones until it fits. Opening and deleting happen under one lock, so an image is never deleted
 * between being found and being opened (after that, the open file outlives its deletion).
 */
final class CacheIndex {

    private static final Logger log = LoggerFactory.getLogger(CacheIndex.class);

    private final Path objects;
    private final long maxBytes;
    private final LinkedHashMap<ImageDigest, Long> sizes = new LinkedHashMap<>(16, 0.75f, true);
    private long total;
    private long evictions;

    private CacheIndex(Path objects, long maxBytes) {
        this.objects = objects;
        this.maxBytes = maxBytes;
    }

    /** The index of what {@code objects} holds (files that are not named by a digest are left alone), oldest first. */
    static CacheIndex scan(Path objects, long maxBytes) throws IOException {
        CacheIndex index = new CacheIndex(objects, maxBytes);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(objects)) {
            for (Path p : stream) {
                if (ImageDigest.isValidHex(p.getFileName().toString()) && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        Map<Path, FileTime> times = new LinkedHashMap<>();
        for (Path p : files) {
            times.put(p, Files.getLastModifiedTime(p));
        }
        files.sort(Comparator.comparing(times::get));
        synchronized (index) {
            for (Path p : files) {
                index.sizes.put(new ImageDigest(p.getFileName().toString()), Files.size(p));
                index.total += Files.size(p);
            }
            index.evictUntil(0);
        }
        return index;
    }

    long maxBytes() {
        return maxBytes;
    }

    synchronized boolean contains(ImageDigest digest) {
        return sizes.containsKey(digest);
    }

    /** The image opened for reading and marked recently used, or empty if it is not cached. */
    synchronized Optional<CachedImage> open(ImageDigest digest) throws IOException {
        Long size = sizes.get(digest);
        if (size == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CachedImage(digest, FileChannel.open(objects.resolve(digest.hex()), StandardOpenOption.READ), size));
        } catch (NoSuchFileException e) {
            log.warn("image cache: {} vanished from {}; it will be fetched again", digest, objects);
            sizes.remove(digest);
            total -= size;
            return Optional.empty();
        }
    }

    /** Moves the verified file {@code verified} of {@code size} bytes in as {@code digest}, evicting to make room. */
    synchronized void admit(ImageDigest digest, Path verified, long size) throws IOException {
        Long previous = sizes.remove(digest);
        if (previous != null) {
            total -= previous;
        }
        evictUntil(size);
        Files.move(verified, objects.resolve(digest.hex()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        sizes.put(digest, size);
        total += size;
    }

    private void evictUntil(long room) {
        Iterator<Map.Entry<ImageDigest, Long>> it = sizes.entrySet().iterator();
        while (total + room > maxBytes && it.hasNext()) {
            Map.Entry<ImageDigest, Long> lru = it.next();
            it.remove();
            total -= lru.getValue();
            evictions++;
            try {
                Files.deleteIfExists(objects.resolve(lru.getKey().hex()));
            } catch (IOException e) {
                log.warn("image cache: could not delete evicted {}: {}", lru.getKey(), e.toString());
            }
        }
    }

    synchronized long totalBytes() {
        return total;
    }

    synchronized int count() {
        return sizes.size();
    }

    synchronized long evictions() {
        return evictions;
    }
}
