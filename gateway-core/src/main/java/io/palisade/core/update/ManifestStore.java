package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.core.update.ManifestVerdict.Accepted;
import io.palisade.core.update.ManifestVerdict.Refused;

/**
 * The manifests the gateway serves: the last good one per {@link ManifestTarget}. A document
 * {@link #offer offered} for a target (fetched from the origin) is verified against the one in
 * force; if it is refused, the one in force stays, and the refusal is logged at ERROR, counted
 * and kept for {@code /status}. A manifest in force that has since expired is kept as the
 * rollback floor but no longer {@link #serve served}. Reads are lock-free; offers are serialised.
 */
public final class ManifestStore {

    /** A refused offer. */
    public record Failure(ManifestTarget target, ManifestRefusal reason, String detail, Instant at) {
        public Failure {
            requireNonNull(target, "target");
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
            requireNonNull(at, "at");
        }
    }

    /**
     * One target as {@code /status} shows it.
     *
     * @param current     the manifest in force (maybe expired), if one was ever accepted
     * @param serving     whether it is served now (present and not expired)
     * @param lastFailure the last refused offer, if any
     */
    public record TargetStatus(ManifestTarget target, Optional<SignedManifest> current, boolean serving,
                               Optional<Failure> lastFailure) {}

    private static final Logger log = LoggerFactory.getLogger(ManifestStore.class);

    private final ManifestVerifier verifier;
    private final ManifestArchive archive;
    private final Clock clock;
    private final Map<ManifestTarget, SignedManifest> current = new ConcurrentHashMap<>();
    private final Map<ManifestTarget, Failure> failures = new ConcurrentHashMap<>();
    private long accepted;
    private long refused;

    private ManifestStore(ManifestVerifier verifier, ManifestArchive archive, Clock clock) {
        this.verifier = requireNonNull(verifier, "verifier");
        this.archive = requireNonNull(archive, "archive");
        this.clock = requireNonNull(clock, "clock");
    }

    /** An empty store that remembers nothing across restarts. */
    public static ManifestStore create(ManifestVerifier verifier, Clock clock) {
        return new ManifestStore(verifier, ManifestArchive.NONE, clock);
    }

    /**
     * A store holding what {@code archive} kept, each document verified again (an expired one is
     * kept as the rollback floor; one that fails otherwise is skipped and logged). Accepted offers
     * are archived from now on.
     */
    public static ManifestStore restore(ManifestVerifier verifier, ManifestArchive archive, Clock clock) throws IOException {
        ManifestStore store = new ManifestStore(verifier, archive, clock);
        for (Map.Entry<ManifestTarget, byte[]> e : archive.load().entrySet()) {
            ManifestVerdict v = verifier.verify(e.getValue(), e.getKey(), Optional.empty());
            if (v instanceof Accepted a) {
                store.current.put(e.getKey(), a.manifest());
            } else if (v instanceof Refused r && r.reason() == ManifestRefusal.EXPIRED) {
                store.current.put(e.getKey(), SignedManifest.parse(e.getValue()));
            } else {
                log.error("manifest archive: {} not restored: {}", e.getKey(), v);
            }
        }
        return store;
    }

    /** Verifies {@code document}, fetched for {@code target}, and puts it in force if it is accepted. */
    public synchronized ManifestVerdict offer(ManifestTarget target, byte[] document) {
        requireNonNull(target, "target");
        requireNonNull(document, "document");
        ManifestVerdict verdict = verifier.verify(document, target, Optional.ofNullable(current.get(target)));
        if (verdict instanceof Refused r) {
            refused++;
            failures.put(target, new Failure(target, r.reason(), r.detail(), clock.instant()));
            log.error("update manifest for {} refused, {} stays in force: {}", target,
                    Optional.ofNullable(current.get(target)).map(m -> "version " + m.manifest().version()).orElse("none"), r);
            return verdict;
        }
        Accepted a = (Accepted) verdict;
        accepted++;
        if (!a.unchanged()) {
            current.put(target, a.manifest());
            log.info("update manifest for {} version {} in force, expires {}", target,
                    a.manifest().manifest().version(), a.manifest().manifest().expires());
            try {
                archive.save(target, a.manifest().document());
            } catch (IOException e) {
                log.error("update manifest for {} version {} not archived; its rollback floor will not survive a restart",
                        target, a.manifest().manifest().version(), e);
            }
        }
        return verdict;
    }

    /** The manifest to serve for {@code target}: the one in force, unless it has expired. */
    public Optional<SignedManifest> serve(ManifestTarget target) {
        SignedManifest m = current.get(requireNonNull(target, "target"));
        return m != null && clock.instant().isBefore(m.manifest().expires()) ? Optional.of(m) : Optional.empty();
    }

    /** The last accepted manifest of {@code target}, expired or not: the rollback floor. */
    public Optional<SignedManifest> inForce(ManifestTarget target) {
        return Optional.ofNullable(current.get(requireNonNull(target, "target")));
    }

    /** The image with {@code digest} named by a manifest served for {@code target}, if any. */
    public Optional<ImageEntry> image(ManifestTarget target, ImageDigest digest) {
        requireNonNull(digest, "digest");
        return serve(target).flatMap(m -> m.manifest().image(digest));
    }

    /** The image with {@code digest} named by any manifest in force (for origins that store images by name). */
    public Optional<ImageEntry> anyImage(ImageDigest digest) {
        requireNonNull(digest, "digest");
        return current.values().stream().flatMap(m -> m.manifest().image(digest).stream()).findFirst();
    }

    /** Every target that has a manifest in force or a refusal, by product then channel. */
    public List<TargetStatus> status() {
        Instant now = clock.instant();
        java.util.Set<ManifestTarget> targets = new java.util.HashSet<>(current.keySet());
        targets.addAll(failures.keySet());
        return targets.stream()
                .sorted(Comparator.comparing(ManifestTarget::product).thenComparing(ManifestTarget::channel))
                .map(t -> {
                    Optional<SignedManifest> m = Optional.ofNullable(current.get(t));
                    return new TargetStatus(t, m, m.filter(s -> now.isBefore(s.manifest().expires())).isPresent(),
                            Optional.ofNullable(failures.get(t)));
                })
                .toList();
    }

    /** How many offers were accepted (including unchanged ones). */
    public synchronized long acceptedCount() {
        return accepted;
    }

    /** How many offers were refused. */
    public synchronized long refusedCount() {
        return refused;
    }
}
