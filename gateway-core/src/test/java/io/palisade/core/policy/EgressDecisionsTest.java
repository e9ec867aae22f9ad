package io.palisade.core.policy;

import static io.palisade.core.policy.Fixtures.compile;
import static io.palisade.core.policy.Fixtures.device;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PortRange;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;
import io.palisade.core.policy.model.Transport;

/** Egress: hosts, wildcards, ranges, ports, transports and DNS rebinding. */
class EgressDecisionsTest {

    private static final DeviceContext D = device("d1");
    private static final CompiledPolicies POLICIES = compile(Policy.of("thermostats", Selector.EVERY_DEVICE, List.of(
            Rule.allow("vendor-api").to(EgressTarget.host("api.acme.example", PortRange.of(443)),
                    EgressTarget.host("*.telemetry.acme.example", PortRange.of(443))).build(),
            Rule.allow("ntp").to(EgressTarget.host("pool.ntp.example", PortRange.of(123)).over(Transport.UDP)).build(),
            Rule.allow("metrics").to(EgressTarget.host("metrics.acme.example", PortRange.parse("8000-8100"))).build(),
            Rule.allow("cloud-range").to(EgressTarget.cidr("203.0.113.0/24", PortRange.of(8883)),
                    EgressTarget.cidr("2001:db8:1::/48", PortRange.of(8883))).build(),
            Rule.allow("bad-idea").to(EgressTarget.host("internal.acme.example")).build(),
            Rule.deny("no-lateral-movement").to(EgressTarget.cidr("10.0.0.0/8"), EgressTarget.cidr("192.168.0.0/16"),
                    EgressTarget.cidr("fd00::/8")).build())));

    @ParameterizedTest(name = "{0}:{1}/{2} resolved {3}: {4} by {5}")
    @CsvSource(delimiter = '|', textBlock = """
            api.acme.example         | 443  | tcp | -                    | ALLOW | thermostats/vendor-api
            API.ACME.EXAMPLE.        | 443  | tcp | -                    | ALLOW | thermostats/vendor-api
            api.acme.example         | 80   | tcp | -                    | DENY  | default
            x.api.acme.example       | 443  | tcp | -                    | DENY  | default
            eu.telemetry.acme.example| 443  | tcp | -                    | ALLOW | thermostats/vendor-api
            telemetry.acme.example   | 443  | tcp | -                    | DENY  | default
            a.b.telemetry.acme.example| 443 | tcp | -                    | DENY  | default
            pool.ntp.example         | 123  | udp | -                    | ALLOW | thermostats/ntp
            pool.ntp.example         | 123  | tcp | -                    | DENY  | default
            metrics.acme.example     | 8000 | tcp | -                    | ALLOW | thermostats/metrics
            metrics.acme.example     | 8100 | tcp | -                    | ALLOW | thermostats/metrics
            metrics.acme.example     | 8101 | tcp | -                    | DENY  | default
            203.0.113.9              | 8883 | tcp | -                    | ALLOW | thermostats/cloud-range
            203.0.113.9              | 8884 | tcp | -                    | DENY  | default
            203.0.114.9              | 8883 | tcp | -                    | DENY  | default
            [2001:db8:1::5]          | 8883 | tcp | -                    | ALLOW | thermostats/cloud-range
            2001:db8:2::5            | 8883 | tcp | -                    | DENY  | default
            10.1.2.3                 | 443  | tcp | -                    | DENY  | thermostats/no-lateral-movement
            ::ffff:10.1.2.3          | 443  | tcp | -                    | DENY  | thermostats/no-lateral-movement
            fd12::1                  | 443  | udp | -                    | DENY  | thermostats/no-lateral-movement
            broker.cloud.example     | 8883 | tcp | 203.0.113.7          | ALLOW | thermostats/cloud-range
            broker.cloud.example     | 8883 | tcp | 203.0.113.7 10.0.0.1 | DENY  | thermostats/no-lateral-movement
            broker.cloud.example     | 8883 | tcp | 203.0.113.7 8.8.8.8  | DENY  | default
            broker.cloud.example     | 8883 | tcp | -                    | DENY  | default
            api.acme.example         | 443  | tcp | 198.51.100.4         | ALLOW | thermostats/vendor-api
            api.acme.example         | 443  | tcp | 10.0.0.5             | DENY  | thermostats/no-lateral-movement
            api.acme.example         | 443  | tcp | 192.168.1.1          | DENY  | thermostats/no-lateral-movement
            api.acme.example         | 443  | tcp | ::ffff:192.168.1.1   | DENY  | thermostats/no-lateral-movement
            api.acme.example         | 443  | tcp | fd00::53             | DENY  | thermostats/no-lateral-movement
            internal.acme.example    | 22   | tcp | 10.9.9.9             | DENY  | thermostats/no-lateral-movement
            """)
    void egress(String host, int port, String transport, String resolved, Outcome outcome, String rule) {
        Optional<List<InetAddress>> addresses = resolved.equals("-") ? Optional.empty() : Optional.of(addresses(resolved));
        Decision d = POLICIES.decide(D, new Request.Connect(host, port, Transport.parse(transport), addresses));
        assertThat(d.outcome()).isEqualTo(outcome);
        assertThat(d.ruleName()).isEqualTo(rule);
    }

    @ParameterizedTest(name = "dns rebinding of {0} to {1}")
    @CsvSource({"api.acme.example,10.0.0.1", "eu.telemetry.acme.example,192.168.0.1", "api.acme.example,fd00::1"})
    void aNameAllowedByItselfIsRefusedOnceItResolvesIntoADeniedRange(String host, String address) throws Exception {
        Request.Connect byName = Request.Connect.tcp(host, 443);
        assertThat(POLICIES.decide(D, byName).outcome()).isEqualTo(Outcome.ALLOW);
        Decision resolved = POLICIES.decide(D, byName.resolvedTo(List.of(InetAddress.getByName(address))));
        assertThat(resolved.outcome()).isEqualTo(Outcome.DENY);
        assertThat(resolved.matched()).extracting(RuleRef::qualifiedName)
                .containsExactly("thermostats/no-lateral-movement", "thermostats/vendor-api");
    }

    @ParameterizedTest(name = "malformed host {0}")
    @CsvSource(delimiter = '|', textBlock = """
            api.acme.example/x
            010.0.0.1
            a..b
            ''
            """)
    void malformedHostsAreDenied(String host) {
        Decision d = POLICIES.decide(D, Request.Connect.tcp(host, 443));
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.reason()).startsWith("malformed request");
    }

    private static List<InetAddress> addresses(String text) {
        List<InetAddress> out = new ArrayList<>();
        for (String a : text.trim().split(" +")) {
            try {
                out.add(InetAddress.getByName(a));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(a, e);
            }
        }
        return out;
    }
}
