package io.palisade.core.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8        | 10.255.1.2         | true
            10.0.0.0/8        | 11.0.0.0           | false
            10.0.0.0/8        | ::ffff:10.1.2.3    | true
            192.168.0.0/16    | 192.168.255.255    | true
            192.168.0.0/16    | 192.169.0.0        | false
            172.16.0.0/12     | 172.31.255.255     | true
            172.16.0.0/12     | 172.32.0.0         | false
            0.0.0.0/0         | 8.8.8.8            | true
            0.0.0.0/0         | fd00::1            | false
            1.2.3.4           | 1.2.3.4            | true
            1.2.3.4/32        | 1.2.3.5            | false
            fd00::/8          | fd12:3456::1       | true
            fd00::/8          | fe80::1            | false
            2001:db8::/32     | 2001:db8:ffff::1   | true
            2001:db8::/33     | 2001:db8:8000::1   | false
            ::/0              | 2001:db8::1        | true
            ::/0              | 10.0.0.1           | false
            """)
    void containsAddressesOfItsFamily(String cidr, String address, boolean expected) throws Exception {
        assertThat(Cidr.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.1/8         | host bits zero, 10.0.0.0/8
            10.0.0.0/33        | a prefix length 0..32
            10.0.0.0/-1        | a prefix length 0..32
            300.0.0.0/8        | IPv4 octets 0..255
            010.0.0.0/8        | an IPv4 or IPv6 address range
            example.com/8      | an IPv4 or IPv6 address range
            fd00::/129         | a prefix length 0..128
            ::ffff:10.0.0.0/104| IPv4 ranges written as IPv4
            fd00::1/8          | host bits zero
            ''                 | an IPv4 or IPv6 address range
            """)
    void refusesWhatIsNotAClearRange(String text, String expected) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cidr: " + text).hasMessageContaining(expected);
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/8", "fd00::/8", "0.0.0.0/0", "1.2.3.4/32"})
    void equalityAndText(String text) {
        assertThat(Cidr.parse(text)).isEqualTo(Cidr.parse(text)).hasSameHashCodeAs(Cidr.parse(text));
        assertThat(Cidr.parse(Cidr.parse(text).toString())).isEqualTo(Cidr.parse(text));
    }
}
