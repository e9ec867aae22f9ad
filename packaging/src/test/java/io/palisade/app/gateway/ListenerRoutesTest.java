package io.palisade.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.config.gateway.GatewayConfig;
import io.palisade.config.gateway.GatewayConfigLoader;
import io.palisade.core.pki.PemFiles;
import io.palisade.core.policy.model.Cidr;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.UpstreamTls;
import io.palisade.proxy.haproxy.ProxyProtocol;
import io.palisade.testing.pki.TestPki;

/** Route options and PROXY protocol in gateway.yaml, as the data plane receives them. */
class ListenerRoutesTest {

    @TempDir
    Path dir;

    @Test
    void routeOptionsAndTrustedBalancersReachTheDataPlane() throws Exception {
        TestPki cloud = TestPki.create("cloud");
        Files.writeString(dir.resolve("cloud.pem"), TestPki.pem(cloud.root().certificate()));
        GatewayConfig config = load(GatewayAssemblyTest.HEADER
                + "listeners:\n"
                + "  - name: scada\n"
                + "    bind: 127.0.0.1:0\n"
                + "    route: {to: scada.example:6502, tls: true, trust: cloud.pem, proxyProtocol: true}\n"
                + "    proxyProtocol: {trustedFrom: [10.0.0.5/32, \"fd00:1::/64\"]}\n"
                + "  - {name: meters, bind: 127.0.0.1:0, route: {to: meters.example:443, tls: true}}\n"
                + "  - {name: plc, bind: 127.0.0.1:0, route: {to: historian.example:502}}\n");

        try (Gateway gw = Gateway.assemble(config, List.of(), Clock.systemUTC())) {
            Map<String, TcpRoute> routes = gw.routes().stream().collect(Collectors.toMap(TcpRoute::name, Function.identity()));
            var gatewayChain = PemFiles.readCertificates(dir.resolve("state/pki/gateway.crt"));

            TcpRoute scada = routes.get("scada");
            assertThat(scada.proxyProtocol()).isEqualTo(new ProxyProtocol(List.of(Cidr.parse("10.0.0.5/32"), Cidr.parse("fd00:1::/64"))));
            assertThat(scada.upstream().proxyProtocol()).isTrue();
            UpstreamTls tls = scada.upstream().tls().orElseThrow();
            assertThat(tls.trustAnchors()).containsExactly(cloud.root().certificate());
            assertThat(tls.clientKey()).as("the gateway's identity as client certificate").isPresent();
            assertThat(tls.clientChain()).isEqualTo(gatewayChain);

            UpstreamTls meters = routes.get("meters").upstream().tls().orElseThrow();
            assertThat(meters.trustAnchors()).as("the system trust store").isNotEmpty().doesNotContain(cloud.root().certificate());
            assertThat(routes.get("meters").upstream().proxyProtocol()).isFalse();

            TcpRoute plc = routes.get("plc");
            assertThat(plc.proxyProtocol()).isEqualTo(ProxyProtocol.OFF);
            assertThat(plc.upstream().tls()).isEmpty();
            assertThat(plc.upstream().proxyProtocol()).isFalse();
        }
    }

    private GatewayConfig load(String yaml) throws Exception {
        return GatewayConfigLoader.load(Files.writeString(dir.resolve("gateway.yaml"), yaml)).orElseThrow();
    }
}
