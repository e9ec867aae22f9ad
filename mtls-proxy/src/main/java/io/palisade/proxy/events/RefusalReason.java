package io.palisade.proxy.events;

/** The stage at which a connection was refused. */
public enum RefusalReason {
    /** The source address opened more connections per second than allowed; closed at once, before any TLS. */
    HANDSHAKE_RATE_LIMIT,
    /**
     * A connection from a trusted load balancer (PROXY protocol {@code trustedFrom}) did not start
     * with a valid PROXY protocol v2 header: none, malformed, version 1, or not TCP over IPv4/IPv6.
     */
    PROXY_HEADER,
    /** Too many connections are open on the gateway; closed at once, before any TLS. */
    CONNECTION_LIMIT,
    /** The device did not complete its TLS handshake within the handshake timeout. */
    HANDSHAKE_TIMEOUT,
    /**
     * The TLS handshake failed before any certificate was judged: a protocol version below TLS 1.2,
     * no common AEAD cipher suite, bytes that are not TLS, a reset mid-handshake.
     */
    TLS_HANDSHAKE,
    /** The device sent no client certificate; one is required. */
    NO_CLIENT_CERTIFICATE,
    /**
     * The device's certificate chain was refused by the identity verifier (unknown CA, expired,
     * revoked, deny-listed, id not bound to the key, ...); the verifier's reason is in
     * {@link ConnectionRefused#certificateRefusal()}.
     */
    CERTIFICATE,
    /** The device was verified but the admission stage (policy) does not let it use this listener. */
    NOT_ADMITTED,
    /** The device was admitted but its upstream could not be reached. */
    UPSTREAM_UNAVAILABLE
}
