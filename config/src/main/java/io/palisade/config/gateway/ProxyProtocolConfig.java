package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

import io.palisade.core.policy.model.Cidr;
import java.util.List;

/**
 * PROXY protocol v2 on a listener ({@code proxyProtocol: {trustedFrom: [10.0.0.5/32]}}): peers in
 * these ranges are load balancers (HAProxy {@code send-proxy-v2}, a cloud NLB) and must begin
 * every connection with a v2 header stating the device's address, which then stands for the
 * device in audit events, the handshake rate limit and policy. Any other peer is a device
 * connecting directly. Trust is never guessed from the bytes.
 *
 * @param trustedFrom the balancers' address ranges, at least one, none of them {@code /0}
 */
public record ProxyProtocolConfig(List<Cidr> trustedFrom) {

    public ProxyProtocolConfig {
        trustedFrom = List.copyOf(requireNonNull(trustedFrom, "trustedFrom"));
        if (trustedFrom.isEmpty()) {
            throw new IllegalArgumentException("trustedFrom: [] (expected: at least one address range)");
        }
        for (Cidr range : trustedFrom) {
            if (range.prefixLength() == 0) {
                throw new IllegalArgumentException("trustedFrom: " + range + " (expected: a range narrower than /0)");
            }
        }
    }
}
