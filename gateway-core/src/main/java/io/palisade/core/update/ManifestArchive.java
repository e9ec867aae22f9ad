package io.palisade.core.update;

import java.io.IOException;
import java.util.Map;

/**
 * Where a {@link ManifestStore} keeps the last accepted manifest of every target across restarts,
 * so that the rollback floor survives them (a gateway that forgot version 42 on restart could be
 * fed version 41). What it returns is verified again on load; it is not trusted.
 */
public interface ManifestArchive {

    /** An archive that keeps nothing (the floor then starts afresh at every start). */
    ManifestArchive NONE = new ManifestArchive() {
        @Override
        public Map<ManifestTarget, byte[]> load() {
            return Map.of();
        }

        @Override
        public void save(ManifestTarget target, byte[] document) {
        }
    };

    /** Every archived manifest document, by the target it was accepted for. */
    Map<ManifestTarget, byte[]> load() throws IOException;

    /** Replaces the archived document of {@code target}, atomically. */
    void save(ManifestTarget target, byte[] document) throws IOException;
}
