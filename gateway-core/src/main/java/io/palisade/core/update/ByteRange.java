package io.palisade.core.update;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A contiguous part of an image, for resumed downloads (HTTP {@code Range}, RFC 9110 §14).
 *
 * @param offset the first byte, from 0
 * @param length how many bytes, at least 1 unless the image is empty
 */
public record ByteRange(long offset, long length) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

    public ByteRange {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("range: offset " + offset + ", length " + length + " (expected: >= 0)");
        }
    }

    /** The whole of an image of {@code size} bytes. */
    public static ByteRange full(long size) {
        return new ByteRange(0, size);
    }

    /**
     * The part of an image of {@code size} bytes that a {@code Range} header asks for. A header
     * that is absent, not a single {@code bytes=} range, or not well-formed is ignored, as RFC 9110
     * allows: the whole image. Empty means the range is unsatisfiable (416: it starts at or past
     * the end, or asks for a zero-length suffix).
     */
    public static Optional<ByteRange> parse(String header, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
        }
        Matcher m = header == null ? null : SINGLE.matcher(header.trim());
        if (m == null || !m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.of(full(size));
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                return suffix == 0 || size == 0 ? Optional.empty()
                        : Optional.of(new ByteRange(size - Math.min(suffix, size), Math.min(suffix, size)));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
            if (last < first && !m.group(2).isEmpty()) {
                return Optional.of(full(size));
            }
            if (first >= size) {
                return Optional.empty();
            }
            return Optional.of(new ByteRange(first, Math.min(last, size - 1) - first + 1));
        } catch (NumberFormatException e) {
            return Optional.of(full(size));
        }
    }

    /** Whether this is less than the whole of an image of {@code size} bytes (answer 206, not 200). */
    public boolean isPartial(long size) {
        return offset != 0 || length != size;
    }

    /** The {@code Content-Range} value for an image of {@code size} bytes: {@code bytes 100-199/1000}. */
    public String contentRange(long size) {
        return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
    }
}
