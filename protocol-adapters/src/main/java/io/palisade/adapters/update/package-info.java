/**
 * The update relay ({@link io.palisade.adapters.update.UpdateRelay}): devices read vendor-signed
 * manifests of the channels policy gives them and download content-addressed images, fetched
 * once from the origin ({@link io.palisade.adapters.update.HttpsOrigin}, or a local directory),
 * verified, cached on disk and streamed in ranges. The
 * {@link io.palisade.adapters.update.ManifestRefresher} keeps manifests fresh from a
 * {@link io.palisade.adapters.update.ManifestSource}; the store keeps the last good one.
 */
package io.palisade.adapters.update;
