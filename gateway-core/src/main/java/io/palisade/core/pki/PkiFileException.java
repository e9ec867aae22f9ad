package io.palisade.core.pki;

import java.io.IOException;

/**
 * A PKI file or text that is missing, is not the PEM that was expected, or does not fit with its
 * neighbours (a key that is not the certificate's, a CA certificate its root did not sign). The
 * message names the source and what was expected, for example
 * {@code ca/root.crt: no CERTIFICATE block (expected: PEM certificate)}.
 */
public final class PkiFileException extends IOException {

    public PkiFileException(String message) {
        super(message);
    }

    public PkiFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
