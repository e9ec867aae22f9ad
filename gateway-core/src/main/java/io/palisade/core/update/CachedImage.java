package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A verified image in the cache, open for one reader: serve it with {@link #channel()} (a Netty
 * {@code DefaultFileRegion} takes the channel, an offset and a length, and sends from disk
 * without copying) or {@link #stream}. The open file stays readable even if the cache evicts the
 * image meanwhile; close it when done.
 */
public final class CachedImage implements AutoCloseable {

    private final ImageDigest digest;
    private final FileChannel channel;
    private final long size;

    CachedImage(ImageDigest digest, FileChannel channel, long size) {
        this.digest = requireNonNull(digest, "digest");
        this.channel = requireNonNull(channel, "channel");
        this.size = size;
    }

    public ImageDigest digest() {
        return digest;
    }

    /** The image's length in bytes. */
    public long size() {
        return size;
    }

    /** The open file, read-only. Reads at a position ({@code read(dst, position)}, {@code transferTo}) are safe from several threads. */
    public FileChannel channel() {
        return channel;
    }

    /**
     * The bytes of {@code range}, read from disk as they are consumed (never the whole image in
     * memory). The stream does not close the image.
     *
     * @throws IllegalArgumentException if the range does not lie within the image
     */
    public InputStream stream(ByteRange range) {
        requireNonNull(range, "range");
        if (range.offset() + range.length() > size) {
            throw new IllegalArgumentException("range: " + range.offset() + "+" + range.length()
                    + " (expected: within the image's " + size + " bytes)");
        }
        return new InputStream() {
            private long position = range.offset();
            private final long end = range.offset() + range.length();

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position >= end) {
                    return -1;
                }
                int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
                if (n < 0) {
                    throw new IOException(digest + ": file ended at " + position + " (expected: " + size + " bytes)");
                }
                position += n;
                return n;
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
