package io.palisade.app.demo;

import static io.palisade.app.demo.DemoSteps.expect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A device speaking HTTPS to the gateway's relays (JDK HttpClient, HTTP/2 or HTTP/1.1 as ALPN
 * agrees, the device's certificate as client identity): update manifests and images, and EST
 * {@code simplereenroll} (RFC 7030: a base64 PKCS#10 request in, a base64 certs-only PKCS#7 out).
 */
final class DemoHttps {

    private final HttpClient client;
    private final String base;

    DemoHttps(DemoDevice device, InetSocketAddress gateway, X509Certificate gatewayRoot) throws IOException {
        this.client = HttpClient.newBuilder().sslContext(device.context(gatewayRoot)).connectTimeout(Duration.ofSeconds(5)).build();
        this.base = "https://127.0.0.1:" + gateway.getPort();
    }

    /** GET {@code path}; the body when 200, else an {@link DemoSteps.Unexpected} naming the status. */
    byte[] get(String path) throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        expect(r.statusCode() == 200, "GET " + path + " → " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        return r.body();
    }

    /** {@code simplereenroll} with {@code keys} (the device's own) for {@code subject}; returns the new certificate. */
    X509Certificate reenroll(KeyPair keys, String subject) throws Exception {
        byte[] csr = csr(keys.getPrivate(), keys, subject);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/.well-known/est/simplereenroll"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofString(Base64.getMimeEncoder().encodeToString(csr))).build();
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        expect(r.statusCode() == 200, "simplereenroll → " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        List<X509Certificate> certs = certsOnly(r.body());
        expect(certs.size() == 1, "simplereenroll answered " + certs.size() + " certificates");
        return certs.get(0);
    }

    private static byte[] csr(PrivateKey key, KeyPair keys, String subject) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)).getEncoded();
    }

    private static List<X509Certificate> certsOnly(byte[] base64) throws Exception {
        CMSSignedData cms = new CMSSignedData(Base64.getMimeDecoder().decode(base64));
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (X509CertificateHolder h : cms.getCertificates().getMatches(null)) {
            out.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(h.getEncoded())));
        }
        return out;
    }
}
