package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

/** The outcome of {@link ManifestVerifier#verify}: accepted, or refused with a typed reason. */
public sealed interface ManifestVerdict {

    /** Whether the manifest was accepted. */
    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /**
     * A manifest that verified and may be served.
     *
     * @param manifest the manifest
     * @param unchanged whether it says exactly what the last accepted one said (same version, same body)
     */
    record Accepted(SignedManifest manifest, boolean unchanged) implements ManifestVerdict {
        public Accepted {
            requireNonNull(manifest, "manifest");
        }
    }

    /** A manifest that must not be served: the reason and a detail for the log and {@code /status}. */
    record Refused(ManifestRefusal reason, String detail) implements ManifestVerdict {
        public Refused {
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return reason + ": " + detail;
        }
    }
}
