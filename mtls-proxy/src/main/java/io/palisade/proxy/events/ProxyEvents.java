package io.palisade.proxy.events;

/**
 * What the data plane reports about each device connection, for metrics and audit logs.
 *
 * <p>A connection produces exactly one of two stories:
 * <ul>
 *   <li>refused: one {@link #refused} event and nothing else (the device never got past the TLS
 *       handshake, the identity check or a limit); or</li>
 *   <li>admitted: one {@link #handshakeSucceeded} when the device's identity is established, then
 *       at most one {@link #refused} if a later stage turns it away (admission, an unreachable
 *       upstream, a policy denial), and finally exactly one {@link #closed} with the bytes relayed
 *       each way.</li>
 * </ul>
 * Between the handshake and the close, a service (CONNECT, MQTT) reports each policy decision it
 * asked for with {@link #decided}; a denial that ends the connection is also its {@link #refused}.
 *
 * <p>Methods are called on the connection's I/O thread: keep them short and never block (hand
 * the event to a queue or an appender). An exception thrown here is logged and otherwise
 * ignored; it never changes what happens to the connection. Every method has an empty default,
 * so a listener implements only what it needs.
 */
public interface ProxyEvents {

    /** Listens to nothing. */
    ProxyEvents NONE = new ProxyEvents() {};

    /** A device completed its TLS handshake and its identity was verified. */
    default void handshakeSucceeded(HandshakeSucceeded event) {}

    /** A connection was refused; {@link ConnectionRefused#reason()} says at which stage. */
    default void refused(ConnectionRefused event) {}

    /** A connection whose handshake had succeeded is closed. */
    default void closed(ConnectionClosed event) {}

    /** A service asked the policy about a device's request; allowed, audited or denied, with the rule. */
    default void decided(PolicyDecided event) {}
}
