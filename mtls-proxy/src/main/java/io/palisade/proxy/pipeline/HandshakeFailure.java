package io.palisade.proxy.pipeline;

import static java.util.Objects.requireNonNull;

import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.Optional;

import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.Refusal;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.tls.DeviceRefusedException;

/**
 * Why a TLS handshake failed, read from the exception the TLS engine reported: the identity
 * verifier's refusal, a timeout, a missing client certificate, or any other TLS failure.
 *
 * @param reason             the refusal stage
 * @param certificateRefusal the verifier's reason, for {@link RefusalReason#CERTIFICATE}
 * @param detail             what failed, for the audit log
 * @param device             the id of the key a refused certificate carries
 */
public record HandshakeFailure(RefusalReason reason, Optional<Refusal> certificateRefusal, String detail,
                               Optional<DeviceId> device) {

    public HandshakeFailure {
        requireNonNull(reason, "reason");
        requireNonNull(certificateRefusal, "certificateRefusal");
        requireNonNull(detail, "detail");
        requireNonNull(device, "device");
    }

    /** Classifies {@code cause}, the failure of a device's handshake. */
    public static HandshakeFailure of(Throwable cause) {
        requireNonNull(cause, "cause");
        Optional<DeviceRefusedException> refused = DeviceRefusedException.findIn(cause);
        if (refused.isPresent()) {
            DeviceRefusedException r = refused.get();
            return new HandshakeFailure(RefusalReason.CERTIFICATE, Optional.of(r.refused().reason()), r.refused().detail(),
                    r.claimedDevice());
        }
        if (cause instanceof SslHandshakeTimeoutException) {
            return plain(RefusalReason.HANDSHAKE_TIMEOUT, cause.getMessage());
        }
        String messages = messages(cause);
        String lower = messages.toLowerCase(Locale.ROOT);
        // BoringSSL: PEER_DID_NOT_RETURN_A_CERTIFICATE; JDK: "Empty client certificate chain".
        if (lower.contains("peer_did_not_return_a_certificate") || lower.contains("empty client certificate chain")) {
            return plain(RefusalReason.NO_CLIENT_CERTIFICATE, messages);
        }
        if (cause instanceof ClosedChannelException) {
            return plain(RefusalReason.TLS_HANDSHAKE, "connection closed before the handshake completed");
        }
        return plain(RefusalReason.TLS_HANDSHAKE, messages);
    }

    private static HandshakeFailure plain(RefusalReason reason, String detail) {
        return new HandshakeFailure(reason, Optional.empty(), detail == null ? reason.name() : detail, Optional.empty());
    }

    /** The messages of {@code cause} and its causes, joined, without repeats. */
    private static String messages(Throwable cause) {
        StringBuilder text = new StringBuilder();
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (text.indexOf(m) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(m);
            }
        }
        return text.toString();
    }
}
