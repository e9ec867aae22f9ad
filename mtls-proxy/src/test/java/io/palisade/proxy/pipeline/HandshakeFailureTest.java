package io.palisade.proxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.stream.Stream;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.Refusal;
import io.palisade.core.identity.Refused;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.tls.DeviceRefusedException;

class HandshakeFailureTest {

    private static final DeviceId ID = DeviceId.parse("0f".repeat(32));

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(wrapped(new DeviceRefusedException(new Refused(Refusal.EXPIRED, "expired at ..."), ID)),
                        RefusalReason.CERTIFICATE, Optional.of(Refusal.EXPIRED), Optional.of(ID)),
                Arguments.of(suppressed(new DeviceRefusedException(new Refused(Refusal.UNKNOWN_ISSUER, "no path"), null)),
                        RefusalReason.CERTIFICATE, Optional.of(Refusal.UNKNOWN_ISSUER), Optional.empty()),
                Arguments.of(new SslHandshakeTimeoutException("handshake timed out after 10000ms"),
                        RefusalReason.HANDSHAKE_TIMEOUT, Optional.empty(), Optional.empty()),
                Arguments.of(new SSLHandshakeException("error:100000c0:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE"),
                        RefusalReason.NO_CLIENT_CERTIFICATE, Optional.empty(), Optional.empty()),
                Arguments.of(new DecoderException(new SSLHandshakeException("Empty client certificate chain")),
                        RefusalReason.NO_CLIENT_CERTIFICATE, Optional.empty(), Optional.empty()),
                Arguments.of(new SSLHandshakeException("error:100000f0:SSL routines:OPENSSL_internal:UNSUPPORTED_PROTOCOL"),
                        RefusalReason.TLS_HANDSHAKE, Optional.empty(), Optional.empty()),
                Arguments.of(new ClosedChannelException(),
                        RefusalReason.TLS_HANDSHAKE, Optional.empty(), Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void classifies(Throwable cause, RefusalReason reason, Optional<Refusal> refusal, Optional<DeviceId> device) {
        HandshakeFailure failure = HandshakeFailure.of(cause);

        assertThat(failure.reason()).isEqualTo(reason);
        assertThat(failure.certificateRefusal()).isEqualTo(refusal);
        assertThat(failure.device()).isEqualTo(device);
        assertThat(failure.detail()).isNotBlank();
    }

    private static Throwable wrapped(Exception cause) {
        SSLHandshakeException e = new SSLHandshakeException("General OpenSslEngine problem");
        e.initCause(cause);
        return new DecoderException(e);
    }

    private static Throwable suppressed(Exception cause) {
        SSLHandshakeException e = new SSLHandshakeException("handshake failed");
        e.addSuppressed(cause);
        return e;
    }
}
