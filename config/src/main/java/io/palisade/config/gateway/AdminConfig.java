package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

/**
 * The admin endpoint: {@code /livez}, {@code /readyz}, {@code /metrics}, {@code /status},
 * {@code /explain}. It has no authentication, so it listens on loopback unless the operator
 * explicitly accepts the risk with {@code unsafeAllowNonLoopbackAdmin: true}.
 *
 * @param bind the address of the admin endpoint (default 127.0.0.1:9090)
 * @param unsafeAllowNonLoopbackAdmin whether a non-loopback {@code bind} is accepted
 */
public record AdminConfig(HostPort bind, boolean unsafeAllowNonLoopbackAdmin) {

    /** 127.0.0.1:9090, loopback only. */
    public static final AdminConfig DEFAULT = new AdminConfig(new HostPort("127.0.0.1", 9090), false);

    public AdminConfig {
        requireNonNull(bind, "bind");
        if (!bind.isLoopback() && !unsafeAllowNonLoopbackAdmin) {
            throw new IllegalArgumentException("bind: " + bind
                    + " (expected: a loopback address, or unsafeAllowNonLoopbackAdmin: true)");
        }
    }
}
