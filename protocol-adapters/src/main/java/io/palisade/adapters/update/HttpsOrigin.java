package io.palisade.adapters.update;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ManifestTarget;
import io.palisade.core.update.Origin;

/**
 * The vendor's update server, over HTTPS with the gateway's client identity (the
 * {@link SSLContext} carries its key and the trust anchors for the server). Paths under the base
 * URL: {@code sha256/<hex>} for images and {@code <product>/<channel>/manifest} for manifests —
 * the layout of {@link io.palisade.core.update.DirectoryOrigin} and {@link DirectoryManifestSource},
 * so a web server over such a directory is an origin. {@code 404} and {@code 410} mean "no such
 * thing"; any other status but {@code 200} is a failure. Nothing it returns is trusted: the cache
 * verifies images against their digest and the store verifies manifests.
 */
public final class HttpsOrigin implements Origin, ManifestSource {

    private final URI base;
    private final HttpClient client;
    private final Duration timeout;

    private HttpsOrigin(URI base, HttpClient client, Duration timeout) {
        this.base = base;
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * An origin at {@code base} ({@code https://updates.example/v1}), reached with {@code tls}
     * (HTTP/2 or HTTP/1.1), each request answered within {@code timeout} (headers; a body then
     * streams for as long as it takes).
     */
    public static HttpsOrigin create(URI base, SSLContext tls, Duration timeout) {
        requireNonNull(base, "base");
        requireNonNull(tls, "tls");
        requireNonNull(timeout, "timeout");
        if (!"https".equalsIgnoreCase(base.getScheme()) && !"http".equalsIgnoreCase(base.getScheme())) {
            throw new IllegalArgumentException("base: " + base + " (expected: an https:// URL)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        URI dir = base.getPath().endsWith("/") ? base : URI.create(base + "/");
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new HttpsOrigin(dir, client, timeout);
    }

    /** The URL of the image with {@code digest}. */
    public URI imageUri(ImageDigest digest) {
        return base.resolve("sha256/" + digest.hex());
    }

    /** The URL of the manifest of {@code target}. */
    public URI manifestUri(ManifestTarget target) {
        return base.resolve(target.product() + "/" + target.channel() + "/manifest");
    }

    @Override
    public InputStream open(ImageDigest digest) throws IOException {
        return get(imageUri(requireNonNull(digest, "digest")));
    }

    @Override
    public byte[] fetch(ManifestTarget target) throws IOException {
        URI uri = manifestUri(requireNonNull(target, "target"));
        try (InputStream in = get(uri)) {
            return ManifestSource.readBounded(in, uri.toString());
        }
    }

    private InputStream get(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(uri + ": interrupted");
        }
        int status = response.statusCode();
        if (status == 200) {
            return response.body();
        }
        response.body().close();
        if (status == 404 || status == 410) {
            throw new NoSuchFileException(uri + ": " + status);
        }
        throw new IOException(uri + ": status " + status + " (expected: 200)");
    }

    @Override
    public String toString() {
        return "origin " + base;
    }
}
