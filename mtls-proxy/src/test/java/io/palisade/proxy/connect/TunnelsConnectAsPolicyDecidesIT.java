package io.palisade.proxy.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.core.policy.Outcome;
import io.palisade.core.policy.PolicyStore;
import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.PortRange;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.Curl;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.HttpTarget;
import io.palisade.proxy.service.ServiceListener;

/**
 * The real {@code curl} uses the gateway as its HTTPS proxy with a device certificate: an allowed
 * target is tunnelled (200, the page arrives), a target the policy denies is a 403, a name the
 * policy allows but that resolves into a denied range is a 403 (the gateway resolved it, through
 * the injected resolver: {@code allowed.example} → 10.1.2.3, never connected to), and a closed
 * port is a 502. Each refusal is one event naming the rule.
 */
class TunnelsConnectAsPolicyDecidesIT {

    private static final String LISTENER = "egress";

    @TempDir
    Path dir;
    private HttpTarget target;
    private int closedPort;
    private Gateway gw;
    private Curl curl;

    @BeforeEach
    void start() throws Exception {
        target = new HttpTarget();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        PolicyStore store = PolicyStore.create(Clock.systemUTC());
        store.swap(PolicySet.of(Policy.of("egress", Selector.EVERY_DEVICE, List.of(
                Rule.allow("local-http").to(EgressTarget.cidr("127.0.0.1/32", PortRange.of(target.port()), PortRange.of(closedPort))).build(),
                Rule.allow("vendor").to(EgressTarget.host("allowed.example")).build(),
                Rule.deny("no-lateral").to(EgressTarget.cidr("10.0.0.0/8")).build()))));
        InetAddress rebound = InetAddress.getByAddress("allowed.example", new byte[] {10, 1, 2, 3});
        HostResolver resolver = host -> host.equals("allowed.example") ? CompletableFuture.completedFuture(List.of(rebound))
                : CompletableFuture.failedFuture(new UnknownHostException(host));
        gw = Gateway.start(b -> b.policy(store)
                .listener(new ServiceListener(LISTENER, new InetSocketAddress("127.0.0.1", 0), List.of(ConnectService.create(resolver)))));
        curl = new Curl(gw.server.root(), gw.pki.device().build(), dir);
    }

    @AfterEach
    void stop() {
        gw.close();
        target.close();
    }

    @Test
    void allowedTargetIsTunnelled() throws Exception {
        Curl.Result r = curl.fetch(port(), "http://127.0.0.1:" + target.port() + "/hello");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(HttpTarget.BODY);
        assertThat(target.requests()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.closes.size() == 1);
        assertThat(gw.events.refusals).isEmpty();
        assertThat(gw.events.handshakes).singleElement().satisfies(h -> assertThat(h.listener()).isEqualTo(LISTENER));
        assertThat(gw.events.decisions).extracting(d -> d.decision().outcome()).containsExactly(Outcome.ALLOW, Outcome.ALLOW);
        assertThat(gw.events.decisions).allSatisfy(d -> {
            assertThat(d.service()).isEqualTo(ConnectService.NAME);
            assertThat(d.decision().ruleName()).isEqualTo("egress/local-http");
        });
        assertThat(gw.events.closes.get(0).bytesToDevice()).isGreaterThan(HttpTarget.BODY.length());
    }

    @Test
    void targetThePolicyDeniesIs403() throws Exception {
        Curl.Result r = curl.fetch(port(), "http://127.0.0.1:" + gw.echo.port() + "/");

        assertThat(r.exitCode()).isEqualTo(56);
        assertThat(r.stderr()).contains("CONNECT tunnel failed, response 403");
        ConnectionRefused refusal = awaitRefusal();
        assertThat(refusal.reason()).isEqualTo(RefusalReason.NOT_ADMITTED);
        assertThat(refusal.detail()).contains("connect 127.0.0.1:" + gw.echo.port(), "denied by default");
        assertThat(gw.echo.accepted()).isZero();
    }

    @Test
    void allowedNameResolvingIntoADeniedRangeIs403() throws Exception {
        Curl.Result r = curl.fetch(port(), "http://allowed.example:" + target.port() + "/");

        assertThat(r.exitCode()).isEqualTo(56);
        assertThat(r.stderr()).contains("CONNECT tunnel failed, response 403");
        ConnectionRefused refusal = awaitRefusal();
        assertThat(refusal.detail()).contains("resolved [10.1.2.3]", "denied by egress/no-lateral");
        assertThat(gw.events.decisions).extracting(d -> d.decision().ruleName()).containsExactly("egress/vendor", "egress/no-lateral");
    }

    @Test
    void closedPortIs502() throws Exception {
        Curl.Result r = curl.fetch(port(), "http://127.0.0.1:" + closedPort + "/");

        assertThat(r.exitCode()).isEqualTo(56);
        assertThat(r.stderr()).contains("CONNECT tunnel failed, response 502");
        ConnectionRefused refusal = awaitRefusal();
        assertThat(refusal.reason()).isEqualTo(RefusalReason.UPSTREAM_UNAVAILABLE);
        assertThat(refusal.detail()).contains("127.0.0.1:" + closedPort);
    }

    private ConnectionRefused awaitRefusal() {
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.refusals.size() == 1 && gw.events.closes.size() == 1);
        return gw.events.refusals.get(0);
    }

    private int port() {
        return gw.proxy.address(LISTENER).getPort();
    }
}
