package io.palisade.adapters.update;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.palisade.adapters.http.HttpExchange;
import io.palisade.core.update.ByteRange;
import io.palisade.core.update.CachedImage;
import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ImageFetchException;

/**
 * Answers an image request once the cache has the image, or has failed to get it: the whole
 * image ({@code 200}) or the single range asked for ({@code 206}, {@code 416} past the end),
 * streamed from the open cache file; a failure maps to {@code 404} (the origin has no such
 * image), {@code 502} (the origin failed or its bytes did not verify) or {@code 503} (the cache).
 */
final class ImageAnswer {

    /** The content type of images. */
    static final String IMAGE_TYPE = "application/octet-stream";
    private static final Logger log = LoggerFactory.getLogger(ImageAnswer.class);

    private ImageAnswer() {}

    static void send(HttpExchange exchange, ImageDigest digest, CachedImage image, Throwable error) {
        if (error != null) {
            failed(exchange, digest, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            return;
        }
        long size = image.size();
        String range = exchange.request().headers().get(HttpHeaderNames.RANGE);
        Optional<ByteRange> wanted = ByteRange.parse(range, size);
        String etag = "\"" + digest + "\"";
        if (wanted.isEmpty()) {
            close(image);
            exchange.text(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range " + range + " lies outside the image's "
                    + size + " bytes", HttpHeaderNames.CONTENT_RANGE.toString(), "bytes */" + size);
            return;
        }
        ByteRange r = wanted.get();
        if (r.isPartial(size)) {
            exchange.file(HttpResponseStatus.PARTIAL_CONTENT, IMAGE_TYPE, image.channel(), r.offset(), r.length(),
                    HttpHeaderNames.CONTENT_RANGE.toString(), r.contentRange(size),
                    HttpHeaderNames.ACCEPT_RANGES.toString(), "bytes", HttpHeaderNames.ETAG.toString(), etag);
        } else {
            exchange.file(HttpResponseStatus.OK, IMAGE_TYPE, image.channel(), 0, size,
                    HttpHeaderNames.ACCEPT_RANGES.toString(), "bytes", HttpHeaderNames.ETAG.toString(), etag);
        }
    }

    private static void failed(HttpExchange exchange, ImageDigest digest, Throwable cause) {
        if (!(cause instanceof ImageFetchException f)) {
            log.error("image {} for {}: unexpected failure", digest, exchange, cause);
            exchange.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "image " + digest + " unavailable");
            return;
        }
        switch (f.reason()) {
            case NOT_FOUND -> exchange.text(HttpResponseStatus.NOT_FOUND, "the origin has no image " + digest);
            case DIGEST_MISMATCH, ORIGIN_FAILED, TOO_LARGE -> exchange.text(HttpResponseStatus.BAD_GATEWAY,
                    "image " + digest + " could not be fetched from the origin (" + f.reason() + ")");
            default -> exchange.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "image " + digest + " unavailable (" + f.reason() + ")");
        }
    }

    private static void close(CachedImage image) {
        try {
            image.close();
        } catch (IOException e) {
            log.debug("closing {}: {}", image.digest(), e.toString());
        }
    }
}
