package io.palisade.app.gateway;

import io.palisade.app.admin.UpdateStatus;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.palisade.adapters.est.CertificateIssuer;
import io.palisade.adapters.est.EstRelay;
import io.palisade.adapters.est.RaEnroller;
import io.palisade.adapters.update.DirectoryManifestSource;
import io.palisade.adapters.update.HttpsOrigin;
import io.palisade.adapters.update.ManifestRefresher;
import io.palisade.adapters.update.ManifestSource;
import io.palisade.adapters.update.UpdateRelay;
import io.palisade.config.gateway.CloudConfig;
import io.palisade.core.enrollment.EnrollmentRules;
import io.palisade.core.enrollment.LocalCaEnroller;
import io.palisade.core.enrollment.NonceIssuer;
import io.palisade.core.pki.Pem;
import io.palisade.core.policy.PolicyStore;
import io.palisade.core.update.DirectoryOrigin;
import io.palisade.core.update.ImageCache;
import io.palisade.core.update.ManifestStore;
import io.palisade.core.update.ManifestVerifier;
import io.palisade.core.update.Origin;
import io.palisade.core.update.VendorKeys;

/**
 * The relays of {@code serve: [updates, est]}, built once per gateway when a listener needs them:
 *
 * <pre>
 * updates  cloud.updates.uri → HttpsOrigin (images and manifests), else &lt;state&gt;/updates
 *          (DirectoryOrigin + DirectoryManifestSource); manifests verified with cloud.updates.vendorKeys;
 *          images cached in &lt;state&gt;/image-cache; known manifests refreshed every {@value #REFRESH_MINUTES} min
 * est      cloud.est.uri → RaEnroller (the gateway's identity as RA), else the local CA in &lt;state&gt;/pki
 * </pre>
 *
 * Fetches run on a small pool owned here, stopped by {@link #close}.
 */
final class HttpRelays implements AutoCloseable {

    /** Most bytes the image cache keeps. */
    static final long IMAGE_CACHE_BYTES = 4L << 30;
    static final long REFRESH_MINUTES = 5;
    static final Duration ORIGIN_TIMEOUT = Duration.ofSeconds(30);

    private final CloudConfig cloud;
    private final Path state;
    private final PolicyStore policy;
    private final LocalPki localPki;
    private final CloudTls tls;
    private final Clock clock;
    private final ExecutorService fetches = Executors.newFixedThreadPool(4, daemon("palisade-fetch"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("palisade-refresh"));
    private UpdateRelay updates;
    private ImageCache cache;
    private ManifestRefresher refresher;
    private ManifestStore store;
    private EstRelay est;

    HttpRelays(CloudConfig cloud, Path state, PolicyStore policy, LocalPki localPki, CloudTls tls, Clock clock) {
        this.cloud = requireNonNull(cloud, "cloud");
        this.state = requireNonNull(state, "state");
        this.policy = requireNonNull(policy, "policy");
        this.localPki = requireNonNull(localPki, "localPki");
        this.tls = requireNonNull(tls, "tls");
        this.clock = requireNonNull(clock, "clock");
    }

    /** The update relay; refused when no vendor key can verify manifests. */
    synchronized UpdateRelay updates() throws AssemblyException {
        if (updates == null) {
            store = ManifestStore.create(new ManifestVerifier(vendorKeys(), clock), clock);
            Origin origin;
            ManifestSource manifests;
            if (cloud.updates().isPresent()) {
                HttpsOrigin https = HttpsOrigin.create(cloud.updates().get(), tls.sslContext(), ORIGIN_TIMEOUT);
                origin = https;
                manifests = https;
            } else {
                Path dir = CloudConfig.embeddedUpdates(state);
                createDirectories("cloud.updates", dir);
                origin = DirectoryOrigin.byDigest(dir);
                manifests = new DirectoryManifestSource(dir);
            }
            Path cacheDir = state.resolve("image-cache");
            try {
                cache = ImageCache.open(cacheDir, IMAGE_CACHE_BYTES, origin, fetches);
            } catch (IOException e) {
                throw new AssemblyException("image cache: " + cacheDir + ": " + e.getMessage(), e);
            }
            refresher = new ManifestRefresher(manifests, store, fetches, clock);
            updates = UpdateRelay.of(store, cache, refresher);
        }
        return updates;
    }

    /** The EST relay: the cloud CA through the gateway as RA, or the local CA. */
    synchronized EstRelay est() throws AssemblyException {
        if (est == null) {
            CertificateIssuer issuer = cloud.est().isPresent()
                    ? RaEnroller.create(cloud.est().get(), tls.anchors(), tls.keyManagers().getKeyManagers(), fetches)
                    : CertificateIssuer.local(new LocalCaEnroller(localPki.ca().authority()));
            NonceIssuer nonces = NonceIssuer.create(clock);
            est = EstRelay.of(EnrollmentRules.of(policy, nonces, clock), nonces, issuer);
        }
        return est;
    }

    /** The image cache's counters, when the update relay is used. */
    synchronized java.util.Optional<ImageCache.Stats> imageCacheStats() {
        return java.util.Optional.ofNullable(cache).map(ImageCache::stats);
    }

    /** The update relay for {@code /status}, when it is used. */
    synchronized java.util.Optional<UpdateStatus> updateStatus() {
        if (updates == null) {
            return java.util.Optional.empty();
        }
        List<UpdateStatus.Manifest> manifests = store.status().stream().map(s -> new UpdateStatus.Manifest(
                s.target().product(), s.target().channel(), s.current().map(m -> m.manifest().version()).orElse(-1L),
                s.serving(), s.lastFailure().map(f -> f.reason() + ": " + f.detail() + " (" + f.at() + ")").orElse("")))
                .toList();
        ManifestRefresher.Stats fetched = refresher.stats();
        ImageCache.Stats images = cache.stats();
        return java.util.Optional.of(new UpdateStatus(manifests, fetched.fetches(), fetched.failures(),
                fetched.lastFailures().stream().map(f -> f.target().product() + "/" + f.target().channel() + ": "
                        + f.detail() + " (" + f.at() + ")").toList(),
                images.originFetches(), images.hits(), images.bytes()));
    }

    /** Starts refreshing manifests, if the update relay is used. */
    synchronized void start() {
        if (refresher != null) {
            refresher.start(scheduler, Duration.ofMinutes(REFRESH_MINUTES));
        }
    }

    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.close();
        }
        scheduler.shutdownNow();
        fetches.shutdownNow();
    }

    private VendorKeys vendorKeys() throws AssemblyException {
        if (cloud.vendorKeys().isEmpty()) {
            throw new AssemblyException(List.of("cloud.updates.vendorKeys: [] (expected: at least one PEM public key file"
                    + " of the vendor, to verify update manifests; required by serve: [updates])"));
        }
        List<PublicKey> keys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : cloud.vendorKeys()) {
            try {
                keys.add(Pem.publicKey(Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII), file.toString()));
            } catch (IOException e) {
                problems.add("cloud.updates.vendorKeys: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssemblyException(problems);
        }
        return VendorKeys.of(keys);
    }

    private static void createDirectories(String what, Path dir) throws AssemblyException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AssemblyException(what + ": " + dir + ": cannot create (" + e + ")", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
