package io.palisade.app.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.palisade.app.admin.UpdateStatus;

/**
 * The update relay's counters, read from its status when Prometheus scrapes:
 * <pre>
 * palisade_update_manifest_fetches_total              manifest fetches from the origin
 * palisade_update_manifest_failures_total             of those, failed (unreachable, or refused by verification)
 * palisade_update_image_origin_fetches_total          images fetched from the origin (once per image)
 * palisade_update_image_cache_hits_total              image requests served from the cache
 * </pre>
 * Absent relay (no listener serves updates): the counters stay at 0.
 */
public final class UpdateMetrics {

    private UpdateMetrics() {}

    public static void register(MeterRegistry registry, Supplier<Optional<UpdateStatus>> status) {
        requireNonNull(registry, "registry");
        requireNonNull(status, "status");
        counter(registry, status, "palisade.update.manifest.fetches", "Manifest fetches from the origin",
                UpdateStatus::manifestFetches);
        counter(registry, status, "palisade.update.manifest.failures",
                "Manifest fetches that failed: origin unreachable, or the manifest refused by verification",
                UpdateStatus::manifestFailures);
        counter(registry, status, "palisade.update.image.origin.fetches", "Images fetched from the origin",
                UpdateStatus::imageOriginFetches);
        counter(registry, status, "palisade.update.image.cache.hits", "Image requests served from the cache",
                UpdateStatus::imageCacheHits);
    }

    private static void counter(MeterRegistry registry, Supplier<Optional<UpdateStatus>> status, String name,
                                String description, ToLongFunction<UpdateStatus> value) {
        FunctionCounter.builder(name, status, s -> s.get().map(value::applyAsLong).orElse(0L))
                .description(description).register(registry);
    }
}
