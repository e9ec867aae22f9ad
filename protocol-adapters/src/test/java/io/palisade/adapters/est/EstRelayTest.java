package io.palisade.adapters.est;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.palisade.adapters.fixtures.Csrs;
import io.palisade.adapters.fixtures.Devices;
import io.palisade.adapters.fixtures.Devices.Device;
import io.palisade.adapters.fixtures.Exchanges;
import io.palisade.adapters.fixtures.Exchanges.Answer;
import io.palisade.adapters.fixtures.FakeServices;
import io.palisade.adapters.fixtures.Policies;
import io.palisade.adapters.http.HttpRelayService;
import io.palisade.core.enrollment.AttestationEvidence;
import io.palisade.core.enrollment.EnrollmentRules;
import io.palisade.core.enrollment.LocalCaEnroller;
import io.palisade.core.enrollment.NonceIssuer;
import io.palisade.core.identity.AttestationExtension;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.FirmwareDigest;
import io.palisade.core.pki.KeyPairs;
import io.palisade.core.policy.PolicyStore;

/**
 * The EST routes on an EmbeddedChannel against the local CA: cacerts and csrattrs, re-enrollment
 * with the device's key (base64 and DER bodies), every malformed body a 400 with a reason, another
 * device's key a 403, methods and unknown operations, and attestation over a gateway nonce.
 */
class EstRelayTest {

    private static final String FIRMWARE = "sha256:" + "ab".repeat(32);

    private final Devices devices = new Devices();
    private final Device device = devices.device();
    private final PolicyStore policy = Policies.standard();
    private final NonceIssuer nonces = NonceIssuer.create(Clock.systemUTC());
    private FakeServices services;
    private Exchanges http;

    @BeforeEach
    void start() {
        EstRelay relay = EstRelay.of(EnrollmentRules.of(policy, nonces, Clock.systemUTC()), nonces,
                CertificateIssuer.local(new LocalCaEnroller(devices.ca)));
        services = new FakeServices(device.identity(), policy);
        http = new Exchanges(HttpRelayService.builder().routes(relay).build(), services);
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void cacertsIsTheChainAsCertsOnlyPkcs7() {
        Answer a = http.get("/.well-known/est/cacerts");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.headers().get("Content-Type")).isEqualTo("application/pkcs7-mime; smime-type=certs-only");
        assertThat(a.headers().get("Content-Transfer-Encoding")).isEqualTo("base64");
        assertThat(Csrs.certsOnly(a.body())).containsExactlyInAnyOrderElementsOf(devices.ca.chain());
    }

    @Test
    void csrattrsNamesP256AndEcdsaWithSha256() {
        Answer a = http.get("/.well-known/est/csrattrs");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.headers().get("Content-Type")).isEqualTo("application/csrattrs");
        assertThat(ASN1Sequence.getInstance(Base64.getMimeDecoder().decode(a.body())).toString())
                .contains("1.2.840.10045.4.3.2", "1.2.840.10045.2.1", "1.2.840.10045.3.1.7");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"base64", "der", "pem"})
    void reenrollsTheDevicesKey(String encoding) throws Exception {
        byte[] der = Csrs.request(device.keys(), "O=acme,OU=sensor");
        Answer a = post("simplereenroll", switch (encoding) {
            case "base64" -> Csrs.base64(der).getBytes(StandardCharsets.US_ASCII);
            case "der" -> der;
            default -> ("-----BEGIN CERTIFICATE REQUEST-----\n" + Csrs.base64(der) + "\n-----END CERTIFICATE REQUEST-----\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }, encoding.equals("base64"));

        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.headers().get("Content-Type")).isEqualTo("application/pkcs7-mime; smime-type=certs-only");
        X509Certificate issued = Csrs.certsOnly(a.body()).get(0);
        issued.verify(devices.ca.deviceCa().certificate().getPublicKey());
        assertThat(issued.getPublicKey()).isEqualTo(device.keys().getPublic());
        assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=" + device.id() + ",OU=sensor,O=acme");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "3000 | false | MALFORMED_CSR",
            "4d41413d | true | MALFORMED_CSR",
            "2a2a2a | true | not base64",
            "20 | true | no base64 characters",
            " | false | empty body",
    })
    void malformedRequestsAre400WithAReason(String hex, boolean base64, String reason) {
        byte[] body = hex == null ? new byte[0] : java.util.HexFormat.of().parseHex(hex);
        Answer a = post("simplereenroll", body, base64);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).contains(reason);
    }

    @Test
    void anotherDevicesKeyIs403() {
        Device other = devices.device();
        Answer a = post("simplereenroll", Csrs.base64(Csrs.request(other.keys(), "O=acme,OU=sensor")).getBytes(StandardCharsets.US_ASCII), true);

        assertThat(a.status()).isEqualTo(403);
        assertThat(a.text().trim()).isEqualTo("KEY_NOT_BOUND");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET, simpleenroll, 405",
            "POST, cacerts, 405",
            "GET, serverkeygen, 404",
            "GET, fullcmc, 404",
            "GET, label/simpleenroll, 404",
    })
    void methodsAndOperations(String method, String op, int status) {
        List<Answer> a = http.send(method + " /.well-known/est/" + op + " HTTP/1.1\nHost: g\nContent-Length: 0\n\n");

        assertThat(a).extracting(Answer::status).containsExactly(status);
    }

    @Test
    void evidenceOverAFreshNonceBecomesTheAttestationExtension() throws Exception {
        X509Certificate issued = Csrs.certsOnly(attestedReenroll(nonce()).body()).get(0);

        assertThat(AttestationExtension.of(issued)).hasValueSatisfying(c ->
                assertThat(c.firmware()).isEqualTo(FirmwareDigest.parse(FIRMWARE)));
    }

    @Test
    void aNonceIsGoodOnce() {
        byte[] nonce = nonce();
        assertThat(attestedReenroll(nonce).status()).isEqualTo(200);

        Answer replay = attestedReenroll(nonce);

        assertThat(replay.status()).isEqualTo(403);
        assertThat(replay.text().trim()).isEqualTo("NONCE_REUSED");
    }

    @Test
    void evidenceThatIsNotBase64Is400() {
        Answer a = post("simplereenroll", Csrs.request(device.keys(), "O=acme,OU=sensor"), false, EstRelay.ATTESTATION + ": ***");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).contains(EstRelay.ATTESTATION);
    }

    @Test
    void enrollIssuesForANewKeyOfTheRequestersProduct() throws Exception {
        KeyPair fresh = KeyPairs.p256();
        Answer a = post("simpleenroll", Csrs.request(fresh, "O=acme,OU=sensor"), false);

        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(Csrs.certsOnly(a.body()).get(0).getSubjectX500Principal().getName())
                .startsWith("CN=" + DeviceId.of(fresh.getPublic()).value());
    }

    private byte[] nonce() {
        Answer n = http.get("/.well-known/est/nonce");
        assertThat(n.status()).isEqualTo(200);
        assertThat(n.headers().get(EstRelay.NONCE_EXPIRES)).isNotBlank();
        return Base64.getUrlDecoder().decode(n.text().trim());
    }

    private Answer attestedReenroll(byte[] nonce) {
        byte[] evidence = AttestationEvidence.sign(device.keys().getPrivate(), nonce, FirmwareDigest.parse(FIRMWARE)).encode();
        return post("simplereenroll", Csrs.request(device.keys(), "O=acme,OU=sensor"), false,
                EstRelay.ATTESTATION + ": " + Base64.getEncoder().encodeToString(evidence));
    }

    private Answer post(String op, byte[] body, boolean base64, String... headers) {
        StringBuilder head = new StringBuilder("POST /.well-known/est/" + op + " HTTP/1.1\r\nHost: g\r\n"
                + "Content-Type: application/pkcs10\r\nContent-Length: " + body.length + "\r\n");
        if (base64) {
            head.append("Content-Transfer-Encoding: base64\r\n");
        }
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        http.channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(
                head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1), body));
        List<Answer> a = http.answers();
        assertThat(a).hasSize(1);
        return a.get(0);
    }

}
