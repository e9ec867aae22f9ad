package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.Refusal;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.DeviceFiles;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.OpensslClient;
import io.palisade.proxy.fixtures.ServerIdentity;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/**
 * TLS session resumption skips certificate checks in TLS itself; the gateway verifies the device
 * again anyway. A device resumes its session (and is reported as resumed); once deny-listed, the
 * same resumption is refused.
 */
class RefusesResumedSessionOfRevokedDeviceIT {

    private static final String LINE = "again\n";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = TlsEngine.class, names = {"BORINGSSL", "JDK"})
    void resumedSessionIsVerifiedAgain(TlsEngine engine) throws Exception {
        ServerIdentity server = ServerIdentity.ecdsa();
        try (Gateway gw = Gateway.start(TestPki.create("acme"), server, Set.of(), b -> b.tlsEngine(engine))) {
            HeldCert device = gw.pki.device().build();
            OpensslClient client = new OpensslClient(gw.port(), server.root(), dir);
            Path session = dir.resolve("session.pem");
            List<String> args = DeviceFiles.write(dir, "dev", device).clientArgs();

            assertThat(client.exchange(with(args, "-sess_out", session.toString()), LINE).stdout()).contains(LINE);
            assertThat(client.exchange(with(args, "-sess_in", session.toString()), LINE).stdout()).contains(LINE);
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.closes.size() == 2);
            assertThat(gw.events.handshakes).extracting(h -> h.resumed()).containsExactly(false, true);

            gw.denyList.add(DeviceId.parse(device.deviceId()));
            OpensslClient.Result refused = client.exchange(with(args, "-sess_in", session.toString()), LINE);

            assertThat(refused.stdout()).doesNotContain(LINE);
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.refusals.size() == 1);
            assertThat(gw.events.refusals.get(0).reason()).isEqualTo(RefusalReason.CERTIFICATE);
            assertThat(gw.events.refusals.get(0).certificateRefusal()).contains(Refusal.REVOKED);
            assertThat(gw.events.refusals.get(0).device()).isEqualTo(Optional.of(DeviceId.parse(device.deviceId())));
            assertThat(gw.events.handshakes).hasSize(2);
            assertThat(gw.echo.accepted()).isEqualTo(2);
        }
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }
}
