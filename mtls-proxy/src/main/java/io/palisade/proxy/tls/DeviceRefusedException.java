package io.palisade.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.security.cert.CertificateException;
import java.util.Optional;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.Refused;

/**
 * Thrown by {@link DeviceTrustManager} to fail a handshake whose client chain the verifier refused.
 * The TLS engine turns it into a generic alert for the device; the pipeline finds it in the cause
 * chain of the handshake failure and reports the typed refusal.
 */
public final class DeviceRefusedException extends CertificateException {

    private static final long serialVersionUID = 1L;

    private final transient Refused refused;
    private final transient DeviceId claimed;

    public DeviceRefusedException(Refused refused, DeviceId claimed) {
        super("device certificate refused");
        this.refused = requireNonNull(refused, "refused");
        this.claimed = claimed;
    }

    /** The verifier's reason and detail. */
    public Refused refused() {
        return refused;
    }

    /** The id of the key the refused leaf carries, when it could be computed. */
    public Optional<DeviceId> claimedDevice() {
        return Optional.ofNullable(claimed);
    }

    /** The refusal in {@code cause} or its causes and suppressed exceptions, if any. */
    public static Optional<DeviceRefusedException> findIn(Throwable cause) {
        for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
            if (cause instanceof DeviceRefusedException d) {
                return Optional.of(d);
            }
            for (Throwable s : cause.getSuppressed()) {
                if (s instanceof DeviceRefusedException d) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }
}
