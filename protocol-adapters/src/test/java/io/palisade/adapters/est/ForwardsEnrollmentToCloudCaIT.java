package io.palisade.adapters.est;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.palisade.adapters.fixtures.Csrs;
import io.palisade.adapters.fixtures.Devices;
import io.palisade.adapters.fixtures.Devices.Device;
import io.palisade.adapters.fixtures.Policies;
import io.palisade.adapters.fixtures.RelayGateway;
import io.palisade.adapters.fixtures.TlsContexts;
import io.palisade.adapters.http.HttpRelayService;
import io.palisade.core.enrollment.EnrollmentRules;
import io.palisade.core.enrollment.LocalCaEnroller;
import io.palisade.core.enrollment.NonceIssuer;
import io.palisade.core.pki.DeviceProfile;
import io.palisade.core.pki.KeyPairs;
import io.palisade.core.policy.PolicyStore;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;

/**
 * RA mode: the edge's EST relay checks a device's re-enrollment, then its {@link RaEnroller}
 * (BouncyCastle's EST client with the edge's RA certificate) forwards the device's request to the
 * cloud EST CA — here another gateway's EST relay signing with its local CA. The device gets the
 * cloud CA's certificate for its own key; {@code cacerts} at the edge is the cloud's chain. A
 * request the edge refuses never leaves it (403); a cloud that refuses the RA is a 502 at the edge.
 */
class ForwardsEnrollmentToCloudCaIT {

    private final Devices devices = new Devices(); // the cloud CA issues every certificate
    private final Device device = devices.device();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final PolicyStore cloudPolicy = Policies.standard();
    private RelayGateway cloud;
    private RelayGateway edge;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        NonceIssuer cloudNonces = NonceIssuer.create(Clock.systemUTC());
        cloud = new RelayGateway(devices, cloudPolicy, HttpRelayService.builder()
                .routes(EstRelay.of(EnrollmentRules.of(cloudPolicy, cloudNonces, Clock.systemUTC()), cloudNonces,
                        CertificateIssuer.local(new LocalCaEnroller(devices.ca)))).build());
        KeyPair raKeys = KeyPairs.p256();
        X509Certificate raCert = devices.ca.issueDevice(raKeys.getPublic(), DeviceProfile.of(Devices.PRODUCT));
        RaEnroller ra = RaEnroller.create(URI.create(cloud.url("/.well-known/est")), Set.of(new TrustAnchor(cloud.serverCa.root(), null)),
                TlsContexts.keyManagers(raKeys.getPrivate(), List.of(raCert, devices.ca.deviceCa().certificate())), executor);
        assertThat(ra.refreshCaCertificates()).containsExactlyInAnyOrderElementsOf(devices.ca.chain());
        PolicyStore edgePolicy = Policies.standard();
        NonceIssuer nonces = NonceIssuer.create(Clock.systemUTC());
        edge = new RelayGateway(devices, edgePolicy, HttpRelayService.builder()
                .routes(EstRelay.of(EnrollmentRules.of(edgePolicy, nonces, Clock.systemUTC()), nonces, ra)).build());
        client = HttpClient.newBuilder().sslContext(TlsContexts.of(device.keys().getPrivate(), device.chain().subList(0, 2),
                edge.serverCa.root())).build();
    }

    @AfterEach
    void stop() {
        edge.close();
        cloud.close();
        executor.shutdownNow();
    }

    @Test
    void theCloudSignsWhatTheEdgeApproved() throws Exception {
        HttpResponse<byte[]> r = reenroll(Csrs.request(device.keys(), "O=acme,OU=sensor"));

        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        X509Certificate issued = Csrs.certsOnly(r.body()).get(0);
        issued.verify(devices.ca.deviceCa().certificate().getPublicKey());
        assertThat(issued.getPublicKey()).isEqualTo(device.keys().getPublic());
        HttpResponse<byte[]> cacerts = client.send(HttpRequest.newBuilder(URI.create(edge.url("/.well-known/est/cacerts"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(Csrs.certsOnly(cacerts.body())).containsExactlyInAnyOrderElementsOf(devices.ca.chain());
    }

    @Test
    void theEdgeRefusesBeforeForwarding() throws Exception {
        HttpResponse<byte[]> r = reenroll(Csrs.request(devices.device().keys(), "O=acme,OU=sensor"));

        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void aCloudThatRefusesTheRaIs502() throws Exception {
        cloudPolicy.swap(PolicySet.of(Policy.of("nothing", Selector.EVERY_DEVICE, List.of(
                Rule.allow("firmware").updates("stable").build()))));

        HttpResponse<byte[]> r = reenroll(Csrs.request(device.keys(), "O=acme,OU=sensor"));

        assertThat(r.statusCode()).isEqualTo(502);
    }

    private HttpResponse<byte[]> reenroll(byte[] csr) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(edge.url("/.well-known/est/simplereenroll")))
                .header("Content-Type", "application/pkcs10").header("Content-Transfer-Encoding", "base64")
                .POST(HttpRequest.BodyPublishers.ofString(Csrs.base64(csr))).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
