package io.palisade.app.admin;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The update relay in {@code /status}: each manifest in force (or why not), and what fetching
 * manifests and images from the origin has done. A manifest that fails verification stays
 * unserved and shows here with its reason, beside the last good one still served.
 *
 * @param manifests          each product/channel the relay knows
 * @param manifestFetches    manifest fetches from the origin
 * @param manifestFailures   manifest fetches that failed (unreachable, refused by verification)
 * @param lastFetchFailures  the latest fetch failures, one line each
 * @param imageOriginFetches images fetched from the origin (once per image, however many devices ask)
 * @param imageCacheHits     image requests served from the cache
 * @param imageCacheBytes    bytes held by the image cache
 */
public record UpdateStatus(List<Manifest> manifests, long manifestFetches, long manifestFailures,
                           List<String> lastFetchFailures, long imageOriginFetches, long imageCacheHits,
                           long imageCacheBytes) {

    public UpdateStatus {
        manifests = List.copyOf(requireNonNull(manifests, "manifests"));
        lastFetchFailures = List.copyOf(requireNonNull(lastFetchFailures, "lastFetchFailures"));
    }

    /**
     * One manifest target.
     *
     * @param product     the product
     * @param channel     the channel
     * @param version     the version in force, -1 when none
     * @param serving     whether devices are served a manifest for it now
     * @param lastFailure the last refused manifest and why, empty when none
     */
    public record Manifest(String product, String channel, long version, boolean serving, String lastFailure) {}
}
