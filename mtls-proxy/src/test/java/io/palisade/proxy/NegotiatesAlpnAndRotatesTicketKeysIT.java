package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.proxy.events.HandshakeSucceeded;
import io.palisade.proxy.fixtures.DeviceFiles;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.OpensslClient;
import io.palisade.proxy.fixtures.ServerIdentity;
import io.palisade.testing.pki.TestPki;

/**
 * ALPN: the gateway selects the device's protocol among those configured and reports it. Session
 * tickets: a ticket survives one key rotation and resumes; after a second rotation it no longer
 * does and the device makes a full handshake (verified from scratch).
 */
class NegotiatesAlpnAndRotatesTicketKeysIT {

    @TempDir
    Path dir;

    @Test
    void selectsTheOfferedProtocolOrNone() throws Exception {
        ServerIdentity server = ServerIdentity.ecdsa();
        try (Gateway gw = Gateway.start(TestPki.create("acme"), server, Set.of(), b -> b.alpnProtocols(List.of("mqtt", "http/1.1")))) {
            OpensslClient client = new OpensslClient(gw.port(), server.root(), dir);
            List<String> device = DeviceFiles.write(dir, "dev", gw.pki.device().build()).clientArgs();

            OpensslClient.Result offered = client.exchange(with(device, "-alpn", "h2,mqtt"), "hello\n", false);
            client.exchange(with(device, "-alpn", "h2"), "hello\n");
            client.exchange(device, "hello\n");

            assertThat(offered.stdout()).contains("ALPN protocol: mqtt");
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.handshakes.size() == 3);
            assertThat(gw.events.handshakes).extracting(HandshakeSucceeded::applicationProtocol)
                    .containsExactly(Optional.of("mqtt"), Optional.empty(), Optional.empty());
        }
    }

    @Test
    void ticketResumesAcrossOneRotationButNotTwo() throws Exception {
        ServerIdentity server = ServerIdentity.ecdsa();
        try (Gateway gw = Gateway.start(TestPki.create("acme"), server, Set.of(), b -> b.tlsEngine(TlsEngine.BORINGSSL))) {
            OpensslClient client = new OpensslClient(gw.port(), server.root(), dir);
            List<String> device = DeviceFiles.write(dir, "dev", gw.pki.device().build()).clientArgs();
            Path ticket = dir.resolve("ticket.pem");

            client.exchange(with(device, "-sess_out", ticket.toString()), "first\n");
            assertThat(gw.proxy.rotateTicketKeys()).isTrue();
            client.exchange(with(device, "-sess_in", ticket.toString()), "after one rotation\n");
            gw.proxy.rotateTicketKeys();
            client.exchange(with(device, "-sess_in", ticket.toString()), "after two rotations\n");

            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.handshakes.size() == 3);
            assertThat(gw.events.handshakes).extracting(HandshakeSucceeded::resumed).containsExactly(false, true, false);
        }
    }

    @Test
    void theJdkEngineKeepsItsOwnTicketKeys() {
        try (Gateway gw = Gateway.start(b -> b.tlsEngine(TlsEngine.JDK))) {
            assertThat(gw.proxy.rotateTicketKeys()).isFalse();
        }
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }
}
