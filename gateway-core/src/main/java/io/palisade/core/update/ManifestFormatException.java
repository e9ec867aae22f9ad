package io.palisade.core.update;

/** A manifest document that is not in the canonical format ({@link ManifestCodec}); the message names the line. */
final class ManifestFormatException extends Exception {

    ManifestFormatException(String message) {
        super(message);
    }

    ManifestFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
