package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * A manifest with its vendor signatures: what is fetched from the origin, verified, kept and
 * served to devices byte for byte. Holding one does not mean it verified; only
 * {@link ManifestVerifier} says that.
 */
public final class SignedManifest {

    private final Manifest manifest;
    private final List<ManifestSignature> signatures;
    private final byte[] body;
    private final byte[] document;

    SignedManifest(Manifest manifest, List<ManifestSignature> signatures) {
        this.manifest = requireNonNull(manifest, "manifest");
        this.signatures = List.copyOf(requireNonNull(signatures, "signatures"));
        this.body = manifest.encode();
        this.document = ManifestCodec.document(manifest, this.signatures);
    }

    /**
     * Parses a manifest document (at most 64 KiB, canonical form only).
     *
     * @throws IllegalArgumentException naming the offending line if the bytes are not a manifest
     */
    public static SignedManifest parse(byte[] document) {
        requireNonNull(document, "document");
        try {
            return ManifestCodec.parse(document);
        } catch (ManifestFormatException e) {
            throw new IllegalArgumentException("manifest: " + e.getMessage(), e);
        }
    }

    public Manifest manifest() {
        return manifest;
    }

    public List<ManifestSignature> signatures() {
        return signatures;
    }

    /** The signed bytes. */
    public byte[] body() {
        return body.clone();
    }

    /** The whole document, as served to devices. */
    public byte[] document() {
        return document.clone();
    }

    /** Whether {@code other} says exactly the same thing (same body; signatures may differ). */
    public boolean sameContent(SignedManifest other) {
        return Arrays.equals(body, requireNonNull(other, "other").body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedManifest s && Arrays.equals(document, s.document);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(document);
    }

    @Override
    public String toString() {
        return "manifest " + manifest.target() + " version " + manifest.version() + " expires " + manifest.expires();
    }
}
