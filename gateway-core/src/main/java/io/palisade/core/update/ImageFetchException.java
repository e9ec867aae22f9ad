package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

/**
 * An image the {@link ImageCache} could not provide. The reason tells the HTTP layer what to
 * answer ({@link Reason#NOT_FOUND}: 404; the others: 502/503) and the message is for the log.
 */
public final class ImageFetchException extends Exception {

    /** Why an image could not be provided. */
    public enum Reason {
        /** The origin has no image with this digest. */
        NOT_FOUND,
        /** The origin's bytes do not hash to the digest: nothing was cached or served. */
        DIGEST_MISMATCH,
        /** The image is larger than the whole cache. */
        TOO_LARGE,
        /** The origin could not be reached or failed while sending. */
        ORIGIN_FAILED,
        /** The cache could not write or read its directory. */
        STORE_FAILED,
        /** The image was fetched, but evicted before it could be opened (the cache is too small for the demand). */
        EVICTED
    }

    private final Reason reason;

    public ImageFetchException(Reason reason, String message, Throwable cause) {
        super(requireNonNull(reason, "reason") + ": " + requireNonNull(message, "message"), cause);
        this.reason = reason;
    }

    public ImageFetchException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
