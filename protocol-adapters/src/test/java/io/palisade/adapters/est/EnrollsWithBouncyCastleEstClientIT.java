package io.palisade.adapters.est;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.CACertsResponse;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
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
import io.palisade.core.policy.PolicyStore;

/**
 * BouncyCastle's EST client (a client we did not write) against the gateway, authenticated by the
 * device's TLS certificate: {@code cacerts}, {@code simplereenroll} of the device's key — the new
 * certificate validates (PKIX) to the CA root and then connects — and a request for another
 * device's key refused with a 403.
 */
class EnrollsWithBouncyCastleEstClientIT {

    private final Devices devices = new Devices();
    private final Device device = devices.device();
    private RelayGateway gw;

    @BeforeEach
    void start() {
        PolicyStore policy = Policies.standard();
        NonceIssuer nonces = NonceIssuer.create(Clock.systemUTC());
        gw = new RelayGateway(devices, policy, HttpRelayService.builder()
                .routes(EstRelay.of(EnrollmentRules.of(policy, nonces, Clock.systemUTC()), nonces,
                        CertificateIssuer.local(new LocalCaEnroller(devices.ca)))).build());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void cacertsAndReenrollment() throws Exception {
        ESTService est = client(device);

        CACertsResponse ca = est.getCACerts();
        List<X509Certificate> caCerts = convert(ESTService.storeToArray(ca.getCertificateStore()));
        assertThat(caCerts).containsExactlyInAnyOrderElementsOf(devices.ca.chain());

        EnrollmentResponse r = est.simpleEnroll(true, new PKCS10CertificationRequest(
                Csrs.request(device.keys(), "O=acme,OU=sensor")), null);
        X509Certificate renewed = convert(ESTService.storeToArray(r.getStore())).get(0);

        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(devices.ca.root(), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(renewed, devices.ca.deviceCa().certificate())), params);
        assertThat(renewed.getPublicKey()).isEqualTo(device.keys().getPublic());

        HttpClient withRenewed = HttpClient.newBuilder().sslContext(TlsContexts.of(device.keys().getPrivate(),
                List.of(renewed, devices.ca.deviceCa().certificate()), gw.serverCa.root())).build();
        HttpResponse<String> answer = withRenewed.send(HttpRequest.newBuilder(URI.create(gw.url("/.well-known/est/csrattrs"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    @Test
    void anotherDevicesKeyIsRefused() throws Exception {
        Device other = devices.device();
        ESTService est = client(device);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> est.simpleEnroll(true,
                        new PKCS10CertificationRequest(Csrs.request(other.keys(), "O=acme,OU=sensor")), null))
                .isInstanceOfSatisfying(ESTException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
    }

    private ESTService client(Device d) {
        return new JsseESTServiceBuilder("127.0.0.1:" + gw.port(),
                TlsContexts.trustManagers(gw.serverCa.root()))
                .withKeyManagers(TlsContexts.keyManagers(d.keys().getPrivate(), d.chain().subList(0, 2)))
                .build();
    }

    private static List<X509Certificate> convert(X509CertificateHolder[] holders) throws Exception {
        List<X509Certificate> out = new java.util.ArrayList<>();
        for (X509CertificateHolder h : holders) {
            out.add(new JcaX509CertificateConverter().getCertificate(h));
        }
        return out;
    }

}
