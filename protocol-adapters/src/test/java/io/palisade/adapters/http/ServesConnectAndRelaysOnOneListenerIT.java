package io.palisade.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.palisade.adapters.fixtures.Curl;
import io.palisade.adapters.fixtures.Devices;
import io.palisade.adapters.fixtures.Devices.Device;
import io.palisade.adapters.fixtures.RelayGateway;
import io.palisade.core.enrollment.EnrollmentRules;
import io.palisade.core.enrollment.LocalCaEnroller;
import io.palisade.core.enrollment.NonceIssuer;
import io.palisade.core.policy.PolicyStore;
import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.EstOperation;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.PortRange;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;
import io.palisade.adapters.est.CertificateIssuer;
import io.palisade.adapters.est.EstRelay;
import io.palisade.proxy.connect.ConnectService;

/**
 * {@code serve: [connect, est]} on one listener: ONE {@link HttpRelayService} built with the
 * CONNECT service. The real curl uses it as its HTTPS proxy (a CONNECT tunnel to a local web
 * server the policy allows) and, on another connection to the same port, as the EST server.
 */
class ServesConnectAndRelaysOnOneListenerIT {

    @TempDir
    Path dir;

    private final Devices devices = new Devices();
    private HttpServer target;
    private RelayGateway gw;
    private Curl curl;

    @BeforeEach
    void start() throws IOException {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        target.createContext("/", ex -> {
            byte[] body = "tunnelled\n".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        PolicyStore policy = PolicyStore.create(Clock.systemUTC());
        policy.swap(PolicySet.of(Policy.of("site", Selector.EVERY_DEVICE, List.of(
                Rule.allow("local-web").to(EgressTarget.cidr("127.0.0.1/32", PortRange.of(target.getAddress().getPort()))).build(),
                Rule.allow("renew").est(EstOperation.REENROLL).build()))));
        NonceIssuer nonces = NonceIssuer.create(Clock.systemUTC());
        gw = new RelayGateway(devices, policy, HttpRelayService.builder()
                .routes(EstRelay.of(EnrollmentRules.of(policy, nonces, Clock.systemUTC()), nonces,
                        CertificateIssuer.local(new LocalCaEnroller(devices.ca))))
                .connect(ConnectService.create())
                .build());
        Device d = devices.device();
        curl = new Curl(dir, gw.writeRoot(dir), d.chain().subList(0, 2), d.keys(), "device");
    }

    @AfterEach
    void stop() {
        gw.close();
        target.stop(0);
    }

    @Test
    void connectAndEstShareTheListener() throws Exception {
        Curl.Result tunnelled = Curl.withFiles(dir, dir.resolve("gateway-root.pem"), curl.certFile(), curl.keyFile())
                .runViaProxy(gw.port(), "http://127.0.0.1:" + target.getAddress().getPort() + "/");
        Curl.Result est = curl.run(gw.url("/.well-known/est/cacerts"));

        assertThat(tunnelled.status()).as(tunnelled.stderr()).isEqualTo(200);
        assertThat(tunnelled.text()).isEqualTo("tunnelled\n");
        assertThat(est.status()).isEqualTo(200);
    }
}
