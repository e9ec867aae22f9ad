package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.Refusal;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.DeviceFiles;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.OpensslClient;
import io.palisade.proxy.fixtures.ServerIdentity;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/**
 * Devices the gateway must turn away, driven by the real {@code openssl s_client}: each is refused
 * in the TLS handshake (the client is told and exits by itself), not one byte reaches the
 * upstream, and exactly one refusal event names the reason. On BoringSSL and on the JDK.
 */
class RefusesBadDevicesIT {

    private static final String LINE = "let me in\n";

    @TempDir
    Path dir;

    /** What the client presents, given the gateway's PKI and deny list. */
    private interface Presenting {
        Presented make(Gateway gw, HeldCert revoked, Path dir) throws Exception;
    }

    private record Presented(List<String> args, Optional<String> deviceId) {}

    private record Case(String name, Presenting presenting, RefusalReason reason, Refusal certificateRefusal) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = List.of(
                new Case("foreign CA", (gw, revoked, dir) -> device(dir, TestPki.create("acme").device().build()),
                        RefusalReason.CERTIFICATE, Refusal.UNKNOWN_ISSUER),
                new Case("expired", (gw, revoked, dir) -> device(dir, gw.pki.device().expired().build()),
                        RefusalReason.CERTIFICATE, Refusal.EXPIRED),
                new Case("revoked by CRL", (gw, revoked, dir) -> device(dir, revoked),
                        RefusalReason.CERTIFICATE, Refusal.REVOKED),
                new Case("deny-listed", (gw, revoked, dir) -> {
                    HeldCert listed = gw.pki.device().build();
                    gw.denyList.add(DeviceId.parse(listed.deviceId()));
                    return device(dir, listed);
                }, RefusalReason.CERTIFICATE, Refusal.REVOKED),
                new Case("mis-bound id", (gw, revoked, dir) -> device(dir, gw.pki.device().commonName("ab".repeat(32)).build()),
                        RefusalReason.CERTIFICATE, Refusal.ID_NOT_BOUND_TO_KEY),
                new Case("chain of 10 (more than 8)", (gw, revoked, dir) -> {
                    HeldCert device = gw.pki.device().build();
                    DeviceFiles files = DeviceFiles.write(dir, "dev", device);
                    StringBuilder chain = new StringBuilder(gw.pki.intermediate().certificatePem());
                    for (int i = 0; i < 8; i++) {
                        chain.append(gw.pki.intermediateBuilder().build().certificatePem());
                    }
                    Files.writeString(files.chain(), chain);
                    return new Presented(files.clientArgs(), Optional.of(device.deviceId()));
                }, RefusalReason.CERTIFICATE, Refusal.CHAIN_TOO_LONG),
                new Case("no client certificate", (gw, revoked, dir) -> new Presented(List.of(), Optional.empty()),
                        RefusalReason.NO_CLIENT_CERTIFICATE, null),
                new Case("TLS 1.1", (gw, revoked, dir) -> {
                    List<String> args = new ArrayList<>(DeviceFiles.write(dir, "dev", gw.pki.device().build()).clientArgs());
                    args.addAll(List.of("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"));
                    return new Presented(args, Optional.empty());
                }, RefusalReason.TLS_HANDSHAKE, null));
        List<Arguments> all = new ArrayList<>();
        for (TlsEngine engine : List.of(TlsEngine.BORINGSSL, TlsEngine.JDK)) {
            cases.forEach(c -> all.add(Arguments.of(engine, c)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void refusedInTheHandshake(TlsEngine engine, Case c) throws Exception {
        TestPki pki = TestPki.create("acme");
        HeldCert revoked = pki.device().build();
        X509CRL crl = pki.crl(List.of(revoked.certificate().getSerialNumber()), pki.now().minusSeconds(60),
                pki.now().plus(Duration.ofDays(1)));
        ServerIdentity server = ServerIdentity.ecdsa();
        try (Gateway gw = Gateway.start(pki, server, Set.of(crl), b -> b.tlsEngine(engine))) {
            Presented presented = c.presenting().make(gw, revoked, dir);

            OpensslClient.Result result = new OpensslClient(gw.port(), server.root(), dir).exchange(presented.args(), LINE);

            assertThat(result.exitCode()).as("the client learns it was refused and exits; stderr: %s", result.stderr())
                    .isNotEqualTo(-1);
            assertThat(result.stdout()).doesNotContain(LINE);
            await().atMost(Duration.ofSeconds(5)).until(() -> !gw.events.refusals.isEmpty() && gw.proxy.connections() == 0);
            ConnectionRefused refusal = gw.events.refusals.get(0);
            assertThat(gw.events.refusals).hasSize(1);
            assertThat(refusal.reason()).as(refusal.detail()).isEqualTo(c.reason());
            assertThat(refusal.certificateRefusal()).isEqualTo(Optional.ofNullable(c.certificateRefusal()));
            assertThat(refusal.device().map(DeviceId::value)).isEqualTo(presented.deviceId());
            assertThat(refusal.listener()).isEqualTo(Gateway.LISTENER);
            assertThat(refusal.remote().getAddress().isLoopbackAddress()).isTrue();
            assertThat(gw.events.handshakes).isEmpty();
            assertThat(gw.events.closes).isEmpty();
            assertThat(gw.echo.accepted()).as("nothing reaches the upstream").isZero();
        }
    }

    private static Presented device(Path dir, HeldCert device) throws Exception {
        return new Presented(DeviceFiles.write(dir, "dev", device).clientArgs(), Optional.of(device.deviceId()));
    }
}
