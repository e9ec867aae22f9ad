package io.palisade.adapters.update;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.palisade.adapters.http.HttpExchange;
import io.palisade.adapters.http.HttpRoutes;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request;
import io.palisade.core.update.ImageCache;
import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ManifestStore;
import io.palisade.core.update.ManifestTarget;
import io.palisade.core.update.SignedManifest;
import io.palisade.proxy.service.ServiceContext;

/**
 * The update relay's routes, for devices over their mutual-TLS connection:
 *
 * <table>
 *   <caption>routes</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code GET /updates/v1/<product>/<channel>/manifest}</td><td>{@code 200} the vendor-signed
 *       manifest document ({@code text/plain}), the last good one the store holds; {@code 403} when the
 *       product is not the device's (its certificate's OU) or policy {@code updates: {channels}} does
 *       not give it the channel; {@code 404} when there is none; {@code 503} when the one in force
 *       has expired and no newer one verified</td></tr>
 *   <tr><td>{@code GET /updates/v1/sha256/<hex>}</td><td>the image, {@code 200} whole or {@code 206}
 *       for a {@code Range: bytes=…} ({@code 416} past the end), streamed from the cache file;
 *       {@code 404} unless a manifest of a channel the device may read lists the digest (or the
 *       origin has no such image); {@code 502} when the origin failed or sent bytes that do not
 *       hash to the digest (nothing is served or cached then)</td></tr>
 * </table>
 *
 * {@code HEAD} is answered like {@code GET}, without the body; other methods are {@code 405}.
 * Each policy decision is reported to the audit trail. A manifest not yet in the store is fetched
 * from the origin once a device may ask for it (with a {@link ManifestRefresher}).
 */
public final class UpdateRelay implements HttpRoutes {

    /** Where the routes start. */
    public static final String PREFIX = "/updates/v1/";
    /** The content type of manifests. */
    public static final String MANIFEST_TYPE = "text/plain; charset=us-ascii";

    private final ManifestStore store;
    private final ImageCache cache;
    private final Optional<ManifestRefresher> refresher;

    private UpdateRelay(ManifestStore store, ImageCache cache, Optional<ManifestRefresher> refresher) {
        this.store = requireNonNull(store, "store");
        this.cache = requireNonNull(cache, "cache");
        this.refresher = requireNonNull(refresher, "refresher");
    }

    /** Serves what {@code store} holds; manifests arrive only through whoever offers them. */
    public static UpdateRelay of(ManifestStore store, ImageCache cache) {
        return new UpdateRelay(store, cache, Optional.empty());
    }

    /** Serves what {@code store} holds, fetching a manifest not yet held through {@code refresher}. */
    public static UpdateRelay of(ManifestStore store, ImageCache cache, ManifestRefresher refresher) {
        return new UpdateRelay(store, cache, Optional.of(refresher));
    }

    @Override
    public boolean serves(String path) {
        return path.startsWith(PREFIX);
    }

    @Override
    public void handle(HttpExchange exchange) {
        if (!HttpMethod.GET.equals(exchange.method()) && !HttpMethod.HEAD.equals(exchange.method())) {
            exchange.text(HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " (expected: GET or HEAD)",
                    HttpHeaderNames.ALLOW.toString(), "GET, HEAD");
            return;
        }
        String[] segments = exchange.path().substring(PREFIX.length()).split("/", -1);
        if (segments.length == 2 && segments[0].equals("sha256")) {
            image(exchange, segments[1]);
        } else if (segments.length == 3 && segments[2].equals("manifest")) {
            manifest(exchange, segments[0], segments[1]);
        } else {
            exchange.text(HttpResponseStatus.NOT_FOUND, "no such resource: " + exchange.path()
                    + " (expected: " + PREFIX + "<product>/<channel>/manifest or " + PREFIX + "sha256/<hex>)");
        }
    }

    private void manifest(HttpExchange exchange, String product, String channel) {
        ServiceContext services = exchange.services();
        Optional<String> own = services.identity().product();
        if (own.isEmpty()) {
            exchange.text(HttpResponseStatus.FORBIDDEN, "this device's certificate names no product (subject OU)");
            return;
        }
        if (!own.get().equals(product)) {
            exchange.text(HttpResponseStatus.FORBIDDEN, "product " + product + " is not this device's (" + own.get() + ")");
            return;
        }
        if (!ManifestTarget.isValid(product, channel)) {
            exchange.text(HttpResponseStatus.NOT_FOUND, "no such channel: " + channel);
            return;
        }
        if (!allowed(services, channel)) {
            exchange.text(HttpResponseStatus.FORBIDDEN, "channel " + channel + ": not allowed to this device by policy");
            return;
        }
        ManifestTarget target = new ManifestTarget(product, channel);
        if (store.serve(target).isEmpty() && store.inForce(target).isEmpty() && refresher.isPresent()) {
            refresher.get().refresh(target).whenComplete((verdict, error) -> answerManifest(exchange, target));
            return;
        }
        answerManifest(exchange, target);
    }

    private void answerManifest(HttpExchange exchange, ManifestTarget target) {
        Optional<SignedManifest> served = store.serve(target);
        if (served.isPresent()) {
            SignedManifest m = served.get();
            exchange.respond(HttpResponseStatus.OK, MANIFEST_TYPE, m.document(),
                    HttpHeaderNames.ETAG.toString(), "\"" + target + "/" + m.manifest().version() + "\"",
                    HttpHeaderNames.CACHE_CONTROL.toString(), "no-cache");
        } else if (store.inForce(target).isPresent()) {
            exchange.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "the manifest of " + target
                    + " has expired and no newer one has verified");
        } else {
            exchange.text(HttpResponseStatus.NOT_FOUND, "no manifest for " + target);
        }
    }

    private void image(HttpExchange exchange, String hex) {
        if (!ImageDigest.isValidHex(hex)) {
            exchange.text(HttpResponseStatus.NOT_FOUND, "no such image: " + hex + " (expected: 64 lowercase hex characters)");
            return;
        }
        ImageDigest digest = ImageDigest.parseHex(hex);
        if (!readable(exchange.services(), digest)) {
            exchange.text(HttpResponseStatus.NOT_FOUND, "no manifest this device may read lists " + digest);
            return;
        }
        cache.get(digest).whenComplete((image, error) -> ImageAnswer.send(exchange, digest, image, error));
    }

    /** Whether a manifest served now, of the device's product and a channel policy gives it, lists {@code digest}. */
    private boolean readable(ServiceContext services, ImageDigest digest) {
        Optional<String> product = services.identity().product();
        if (product.isEmpty()) {
            return false;
        }
        List<ManifestStore.TargetStatus> listing = store.status().stream()
                .filter(t -> t.serving() && t.target().product().equals(product.get()))
                .filter(t -> t.current().flatMap(m -> m.manifest().image(digest)).isPresent())
                .toList();
        for (ManifestStore.TargetStatus t : listing) {
            if (allowed(services, t.target().channel())) {
                return true;
            }
        }
        return false;
    }

    private static boolean allowed(ServiceContext services, String channel) {
        Request.UpdateRequest request = new Request.UpdateRequest(channel);
        Decision decision = services.policy().decide(services.device(), request);
        services.decided(request, decision);
        return decision.allowed();
    }
}
