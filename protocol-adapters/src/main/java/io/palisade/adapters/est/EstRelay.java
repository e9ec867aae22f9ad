package io.palisade.adapters.est;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.palisade.adapters.http.HttpExchange;
import io.palisade.adapters.http.HttpRoutes;
import io.palisade.core.enrollment.AttestationEvidence;
import io.palisade.core.enrollment.EnrollmentDecision;
import io.palisade.core.enrollment.EnrollmentException;
import io.palisade.core.enrollment.EnrollmentRefusal;
import io.palisade.core.enrollment.EnrollmentRules;
import io.palisade.core.enrollment.IssuedCertificate;
import io.palisade.core.enrollment.Nonce;
import io.palisade.core.enrollment.NonceIssuer;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.model.EstOperation;
import io.palisade.proxy.service.ServiceContext;

/**
 * The certificate relay: EST (RFC 7030) under {@value #PREFIX}, for devices over their
 * mutual-TLS connection (the TLS client certificate is the requester).
 *
 * <table>
 *   <caption>routes</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code GET cacerts}</td><td>the CA certificates, certs-only PKCS#7, base64</td></tr>
 *   <tr><td>{@code GET csrattrs}</td><td>the CSR attributes (EC P-256, ECDSA with SHA-256), base64</td></tr>
 *   <tr><td>{@code POST simpleenroll}, {@code POST simplereenroll}</td><td>body: the PKCS#10
 *       request, base64 ({@code Content-Transfer-Encoding: base64}), or DER, or PEM;
 *       {@code 200} the new certificate, certs-only PKCS#7, base64; {@code 400} with the reason
 *       for a malformed request or evidence, {@code 403} for one policy, key binding or attestation
 *       refuses (see {@link EnrollmentRefusal}); {@code 502} when the cloud CA failed (RA mode)</td></tr>
 *   <tr><td>{@code GET nonce} (Palisade)</td><td>a fresh single-use attestation nonce for this
 *       device, base64url on one line; good for the issuer's validity (header
 *       {@value #NONCE_EXPIRES})</td></tr>
 * </table>
 *
 * <p>Attestation: a device re-attests by fetching a {@code nonce}, signing it with its measured
 * firmware digest ({@link AttestationEvidence}) and sending the DER evidence, base64, in the
 * header {@value #ATTESTATION} of its {@code simplereenroll} (or {@code simpleenroll}). Valid
 * evidence becomes the attestation extension of the new certificate.
 *
 * <p>Other EST operations ({@code serverkeygen}, {@code fullcmc}) and labels are {@code 404};
 * a wrong method is a {@code 405}. {@code cacerts} and {@code csrattrs} are public to any
 * verified device; enrollment is decided by the {@link EnrollmentRules}, and its policy decision
 * is reported to the audit trail.
 */
public final class EstRelay implements HttpRoutes {

    public static final String PREFIX = "/.well-known/est/";
    /** The request header carrying base64 DER {@link AttestationEvidence}. */
    public static final String ATTESTATION = "Palisade-Attestation";
    /** The response header of {@code nonce} saying until when it is good (ISO-8601). */
    public static final String NONCE_EXPIRES = "Palisade-Nonce-Expires";

    private static final Logger log = LoggerFactory.getLogger(EstRelay.class);

    private final EnrollmentRules rules;
    private final NonceIssuer nonces;
    private final CertificateIssuer issuer;

    private EstRelay(EnrollmentRules rules, NonceIssuer nonces, CertificateIssuer issuer) {
        this.rules = requireNonNull(rules, "rules");
        this.nonces = requireNonNull(nonces, "nonces");
        this.issuer = requireNonNull(issuer, "issuer");
    }

    /** A relay deciding with {@code rules} (whose nonces come from {@code nonces}) and signing with {@code issuer}. */
    public static EstRelay of(EnrollmentRules rules, NonceIssuer nonces, CertificateIssuer issuer) {
        return new EstRelay(rules, nonces, issuer);
    }

    @Override
    public boolean serves(String path) {
        return path.startsWith(PREFIX);
    }

    @Override
    public void handle(HttpExchange exchange) {
        String op = exchange.path().substring(PREFIX.length());
        switch (op) {
            case "cacerts" -> get(exchange, () -> cacerts(exchange));
            case "csrattrs" -> get(exchange, () -> exchange.respond(HttpResponseStatus.OK, EstEncoding.CSRATTRS,
                    EstEncoding.csrAttributes(), "Content-Transfer-Encoding", "base64"));
            case "nonce" -> get(exchange, () -> nonce(exchange));
            case "simpleenroll" -> post(exchange, () -> enroll(exchange, EstOperation.ENROLL));
            case "simplereenroll" -> post(exchange, () -> enroll(exchange, EstOperation.REENROLL));
            default -> exchange.text(HttpResponseStatus.NOT_FOUND, "EST operation " + op
                    + " is not served (expected: cacerts, csrattrs, simpleenroll, simplereenroll, nonce)");
        }
    }

    private static void get(HttpExchange exchange, Runnable answer) {
        if (HttpMethod.GET.equals(exchange.method()) || HttpMethod.HEAD.equals(exchange.method())) {
            answer.run();
        } else {
            exchange.text(HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " (expected: GET)",
                    HttpHeaderNames.ALLOW.toString(), "GET, HEAD");
        }
    }

    private static void post(HttpExchange exchange, Runnable answer) {
        if (HttpMethod.POST.equals(exchange.method())) {
            answer.run();
        } else {
            exchange.text(HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " (expected: POST)",
                    HttpHeaderNames.ALLOW.toString(), "POST");
        }
    }

    private void cacerts(HttpExchange exchange) {
        List<java.security.cert.X509Certificate> certificates = issuer.caCertificates();
        if (certificates.isEmpty()) {
            exchange.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "the CA certificates are not known yet");
            return;
        }
        exchange.respond(HttpResponseStatus.OK, EstEncoding.CERTS_ONLY, EstEncoding.certsOnly(certificates),
                "Content-Transfer-Encoding", "base64");
    }

    private void nonce(HttpExchange exchange) {
        Nonce nonce = nonces.issue(exchange.services().identity().id());
        exchange.respond(HttpResponseStatus.OK, "text/plain; charset=us-ascii",
                (nonce.text() + "\n").getBytes(StandardCharsets.US_ASCII),
                NONCE_EXPIRES, nonce.expiresAt().toString(), HttpHeaderNames.CACHE_CONTROL.toString(), "no-store");
    }

    private void enroll(HttpExchange exchange, EstOperation op) {
        ServiceContext services = exchange.services();
        byte[] request;
        Optional<byte[]> evidence;
        try {
            request = EstEncoding.request(exchange.body(), exchange.request().headers().get("Content-Transfer-Encoding"));
            evidence = evidence(exchange.request().headers().get(ATTESTATION));
        } catch (IllegalArgumentException e) {
            refused(exchange, op, EnrollmentRefusal.MALFORMED_CSR, e.getMessage());
            return;
        }
        Request.EstRequest asked = new Request.EstRequest(op);
        services.decided(asked, services.policy().decide(services.device(), asked));
        EnrollmentDecision decision = op == EstOperation.ENROLL
                ? rules.enroll(services.identity(), request, evidence)
                : rules.reenroll(services.identity(), request, evidence);
        if (decision instanceof EnrollmentDecision.Refused r) {
            refused(exchange, op, r.reason(), r.detail());
            return;
        }
        EnrollmentDecision.Approved approved = (EnrollmentDecision.Approved) decision;
        try {
            issuer.issue(approved, request).whenComplete((issued, error) -> answer(exchange, approved, issued, error));
        } catch (RuntimeException e) {
            answer(exchange, approved, null, e);
        }
    }

    private static Optional<byte[]> evidence(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.length() > 2 * AttestationEvidence.MAX_BYTES) {
            throw new IllegalArgumentException(ATTESTATION + ": " + header.length() + " characters (expected: at most "
                    + 2 * AttestationEvidence.MAX_BYTES + ")");
        }
        try {
            return Optional.of(Base64.getDecoder().decode(header.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ATTESTATION + ": not base64 (" + e.getMessage() + ")", e);
        }
    }

    private void answer(HttpExchange exchange, EnrollmentDecision.Approved approved, IssuedCertificate issued, Throwable error) {
        if (error == null) {
            log.info("EST {}: issued {} to device {} (requested by {})", approved.operation().pathSegment(),
                    issued.certificate().getSerialNumber().toString(16), approved.deviceId(), approved.requester().id());
            exchange.respond(HttpResponseStatus.OK, EstEncoding.CERTS_ONLY, EstEncoding.certsOnly(List.of(issued.certificate())),
                    "Content-Transfer-Encoding", "base64");
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof EnrollmentException e && e.reason() != EnrollmentRefusal.ISSUANCE_FAILED) {
            refused(exchange, approved.operation(), e.reason(), e.getMessage());
            return;
        }
        log.error("EST {} for device {}: {} failed", approved.operation().pathSegment(), approved.deviceId(), issuer, cause);
        exchange.text(HttpResponseStatus.BAD_GATEWAY, "the certificate authority did not issue");
    }

    /**
     * A 400 tells the device what was wrong with what it sent; a 403 names only the kind of
     * refusal, the detail (rules, other devices' ids) goes to the log.
     */
    private static void refused(HttpExchange exchange, EstOperation op, EnrollmentRefusal reason, String detail) {
        log.warn("EST {} by device {} refused, {}: {}", op.pathSegment(), exchange.services().identity().id(), reason, detail);
        int status = reason.httpStatus();
        exchange.text(HttpResponseStatus.valueOf(status), status == 400 ? reason + ": " + detail : reason.toString());
    }
}
