package io.palisade.adapters.est;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.CACertsResponse;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.core.enrollment.EnrollmentDecision;
import io.palisade.core.enrollment.EnrollmentException;
import io.palisade.core.enrollment.EnrollmentRefusal;
import io.palisade.core.enrollment.IssuedCertificate;

/**
 * RA mode: the gateway, having checked a device's request against its identity and policy,
 * forwards the request exactly as the device signed it to the cloud EST CA's
 * {@code simpleenroll}, authenticating with its own RA identity (TLS client certificate), through
 * BouncyCastle's EST client. The cloud CA's {@code cacerts} are fetched with
 * {@link #refreshCaCertificates()} (blocking; at start and when the CA rolls). Issuing runs on
 * the given executor (the EST client blocks). A cloud CA that refuses, defers (202) or cannot be
 * reached is {@link EnrollmentRefusal#ISSUANCE_FAILED}: the device gets a 502 and may retry.
 */
public final class RaEnroller implements CertificateIssuer {

    private static final Logger log = LoggerFactory.getLogger(RaEnroller.class);
    private static final String EST_PATH = "/.well-known/est";

    private final ESTService est;
    private final String server;
    private final Executor executor;
    private volatile List<X509Certificate> caCertificates = List.of();

    private RaEnroller(ESTService est, String server, Executor executor) {
        this.est = est;
        this.server = server;
        this.executor = executor;
    }

    /**
     * An RA forwarding to the EST server at {@code uri} ({@code https://ca.example:8443/.well-known/est},
     * optionally with a label segment after it), trusting {@code cloudTrust} for its TLS
     * certificate and presenting {@code raIdentity}.
     */
    public static RaEnroller create(URI uri, Set<TrustAnchor> cloudTrust, KeyManager[] raIdentity, Executor executor) {
        requireNonNull(uri, "uri");
        requireNonNull(cloudTrust, "cloudTrust");
        requireNonNull(raIdentity, "raIdentity");
        requireNonNull(executor, "executor");
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("uri: " + uri + " (expected: https://<host>[:port]" + EST_PATH + "[/<label>])");
        }
        String path = Optional.ofNullable(uri.getPath()).orElse("");
        if (!path.isEmpty() && !path.startsWith(EST_PATH)) {
            throw new IllegalArgumentException("uri: " + uri + " (expected: the path " + EST_PATH + "[/<label>])");
        }
        if (cloudTrust.isEmpty()) {
            throw new IllegalArgumentException("cloudTrust: none (expected: the trust anchors of the cloud EST server)");
        }
        String label = path.length() > EST_PATH.length() ? path.substring(EST_PATH.length()).replaceAll("^/+|/+$", "") : "";
        String authority = uri.getHost() + ":" + (uri.getPort() < 0 ? 443 : uri.getPort());
        JsseESTServiceBuilder builder = new JsseESTServiceBuilder(authority, trustManagers(cloudTrust));
        builder.withKeyManagers(raIdentity).withTimeout(30_000);
        if (!label.isEmpty()) {
            builder.withLabel(label);
        }
        return new RaEnroller(builder.build(), authority + EST_PATH + (label.isEmpty() ? "" : "/" + label), executor);
    }

    /** JDK PKIX trust managers over {@code anchors} (BouncyCastle's own need its provider installed globally). */
    private static X509TrustManager[] trustManagers(Set<TrustAnchor> anchors) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (TrustAnchor anchor : anchors) {
                if (anchor.getTrustedCert() == null) {
                    throw new IllegalArgumentException("cloudTrust: an anchor without a certificate (expected: certificates)");
                }
                store.setCertificateEntry("anchor-" + i++, anchor.getTrustedCert());
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return Arrays.stream(factory.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                    .map(X509TrustManager.class::cast).toArray(X509TrustManager[]::new);
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("trust managers over " + anchors.size() + " anchors", e);
        }
    }

    /** Fetches the cloud CA's certificates ({@code cacerts}); blocks. Keeps the last known ones on failure. */
    public List<X509Certificate> refreshCaCertificates() throws EnrollmentException {
        try {
            CACertsResponse response = est.getCACerts();
            if (!response.hasCertificates()) {
                throw new EnrollmentException(EnrollmentRefusal.ISSUANCE_FAILED, server + ": cacerts holds no certificate");
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (X509CertificateHolder h : ESTService.storeToArray(response.getCertificateStore())) {
                certificates.add(new JcaX509CertificateConverter().getCertificate(h));
            }
            caCertificates = List.copyOf(certificates);
            return caCertificates;
        } catch (ESTException | CertificateException e) {
            throw new EnrollmentException(EnrollmentRefusal.ISSUANCE_FAILED, server + ": cacerts failed: " + e, e);
        }
    }

    @Override
    public List<X509Certificate> caCertificates() {
        return caCertificates;
    }

    @Override
    public CompletionStage<IssuedCertificate> issue(EnrollmentDecision.Approved approved, byte[] request) {
        requireNonNull(approved, "approved");
        requireNonNull(request, "request");
        return CompletableFuture.supplyAsync(() -> {
            try {
                return forward(approved, request);
            } catch (EnrollmentException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, executor);
    }

    private IssuedCertificate forward(EnrollmentDecision.Approved approved, byte[] request) throws EnrollmentException {
        try {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(request);
            EnrollmentResponse response = est.simpleEnroll(false, csr, null);
            if (!response.isCompleted()) {
                throw new EnrollmentException(EnrollmentRefusal.ISSUANCE_FAILED, server + " deferred the request of "
                        + approved.deviceId() + " (202, retry at " + response.getNotBefore() + ")");
            }
            byte[] key = approved.csr().publicKey().getEncoded();
            for (X509CertificateHolder h : ESTService.storeToArray(response.getStore())) {
                if (Arrays.equals(h.getSubjectPublicKeyInfo().getEncoded(), key)) {
                    log.info("EST RA: {} issued {} for device {}", server, h.getSerialNumber().toString(16), approved.deviceId());
                    return new IssuedCertificate(new JcaX509CertificateConverter().getCertificate(h), caCertificates);
                }
            }
            throw new EnrollmentException(EnrollmentRefusal.ISSUANCE_FAILED, server + " answered without a certificate for the key of "
                    + approved.deviceId());
        } catch (EnrollmentException e) {
            throw e;
        } catch (Exception e) { // ESTException, IOException, and BouncyCastle's unchecked parse failures
            throw new EnrollmentException(EnrollmentRefusal.ISSUANCE_FAILED, server + ": simpleenroll for " + approved.deviceId()
                    + " failed: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "EST RA to " + server;
    }
}
