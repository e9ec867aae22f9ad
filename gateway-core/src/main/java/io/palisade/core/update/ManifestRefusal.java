package io.palisade.core.update;

/**
 * Why a manifest was not accepted. A refused manifest is never served; the last good one for its
 * target stays in force, and the refusal is logged, counted and shown in {@code /status}.
 */
public enum ManifestRefusal {
    /** Not a manifest in the canonical format (see {@link ManifestCodec}). */
    MALFORMED,
    /** No signature by any configured vendor key (unsigned, or signed only by keys the gateway does not trust). */
    UNTRUSTED_KEY,
    /** A signature by a configured vendor key does not verify: the body was altered, or the signature is forged. */
    BAD_SIGNATURE,
    /** Validly signed, but for another product or channel than the one it was fetched for (mix-and-match). */
    WRONG_TARGET,
    /** Validly signed, but past its {@code expires}: serving it would freeze devices on an old release. */
    EXPIRED,
    /** Validly signed, but older than the version already accepted for its target. */
    ROLLBACK,
    /** The version already accepted for its target, with different content: a version is never reused. */
    VERSION_REUSED
}
