package io.palisade.proxy.events;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

import io.palisade.core.identity.DeviceIdentity;

/**
 * A device proved who it is: the TLS handshake completed and its certificate chain was verified.
 *
 * @param listener    the name of the listener the device connected to
 * @param remote      the device's address as the gateway sees it
 * @param identity    the verified identity, carried with the connection from now on
 * @param protocol    the negotiated TLS version ({@code TLSv1.3}, {@code TLSv1.2})
 * @param cipherSuite the negotiated cipher suite
 * @param applicationProtocol the protocol agreed by ALPN, empty when none was
 * @param resumed     whether the device resumed an earlier TLS session; its identity was
 *                    verified again all the same (deny list, CRLs, validity)
 * @param at          when the handshake completed
 */
public record HandshakeSucceeded(String listener, InetSocketAddress remote, DeviceIdentity identity,
                                 String protocol, String cipherSuite, Optional<String> applicationProtocol,
                                 boolean resumed, Instant at) {
    public HandshakeSucceeded {
        requireNonNull(listener, "listener");
        requireNonNull(remote, "remote");
        requireNonNull(identity, "identity");
        requireNonNull(protocol, "protocol");
        requireNonNull(cipherSuite, "cipherSuite");
        requireNonNull(applicationProtocol, "applicationProtocol");
        requireNonNull(at, "at");
    }
}
