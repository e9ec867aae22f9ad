/**
 * Firmware updates as the gateway relays them: vendor-signed manifests per product and channel,
 * and content-addressed images fetched once from the origin and served from a bounded disk cache.
 *
 * <h2>Manifests</h2>
 * A {@link io.palisade.core.update.Manifest} names the images a product's channel should run, with
 * a version that only goes up and an expiry; the vendor signs its canonical text
 * ({@link io.palisade.core.update.ManifestSigner}, format in {@code ManifestCodec}) with an ECDSA
 * P-256 or Ed25519 key. The {@link io.palisade.core.update.ManifestVerifier} accepts a document only
 * if a configured {@link io.palisade.core.update.VendorKeys vendor key} signed it, it names the
 * target it was fetched for, it has not expired (no freeze) and its version is not below the last
 * accepted one (no rollback; an equal version must be the same manifest). The
 * {@link io.palisade.core.update.ManifestStore} serves the last good manifest per target and keeps
 * every refusal for logs, metrics and {@code /status}.
 *
 * <h2>Images</h2>
 * The {@link io.palisade.core.update.ImageCache} holds images under {@code sha256/<hex>}, evicts the
 * least recently used to stay within its size, fetches a missing image from the
 * {@link io.palisade.core.update.Origin} once however many devices ask at the same moment, and
 * caches (and so serves) only bytes that hash to the digest asked for. Readers get an open file
 * ({@link io.palisade.core.update.CachedImage}) to send whole or in a
 * {@link io.palisade.core.update.ByteRange}. The embedded origin is a local directory
 * ({@link io.palisade.core.update.DirectoryOrigin}).
 *
 * <p>Who may read which channel is the policy engine's to decide
 * ({@code Request.UpdateRequest}); bandwidth per device comes from its policy limits. Neither is
 * decided here.
 */
package io.palisade.core.update;
