package io.palisade.proxy.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;
import io.palisade.core.policy.model.Cidr;

/** Which peers are trusted load balancers: exactly those inside the configured ranges. */
class ProxyProtocolTest {

    private final ProxyProtocol protocol = ProxyProtocol.trusting(Cidr.parse("10.0.0.5/32"), Cidr.parse("fd00:1::/64"));

    @ParameterizedTest(name = "{0} trusted: {1}")
    @CsvSource({
            "10.0.0.5, true",
            "10.0.0.6, false",
            "::ffff:10.0.0.5, true",
            "fd00:1::9, true",
            "fd00:2::9, false",
            "127.0.0.1, false"})
    void trustsOnlyPeersInsideTheRanges(String peer, boolean trusted) {
        assertThat(protocol.trusts(new InetSocketAddress(peer, 40000))).isEqualTo(trusted);
    }

    @Test
    void offTrustsNoOneAndNonIpPeersAreNeverTrusted() {
        SocketAddress embedded = new EmbeddedChannel().remoteAddress();

        assertThat(ProxyProtocol.OFF.isEnabled()).isFalse();
        assertThat(ProxyProtocol.OFF.trusts(new InetSocketAddress("10.0.0.5", 1))).isFalse();
        assertThat(protocol.trusts(embedded)).isFalse();
        assertThat(protocol.trusts(InetSocketAddress.createUnresolved("10.0.0.5", 1))).isFalse();
        assertThatThrownBy(() -> ProxyProtocol.trusting()).hasMessage("trustedFrom: [] (expected: at least one address range)");
    }
}
