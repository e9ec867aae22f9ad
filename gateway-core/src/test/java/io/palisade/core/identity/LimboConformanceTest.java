package io.palisade.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.palisade.core.revocation.RevocationPolicy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the x509-limbo cases that matter to validating a device chain (the {@code chain_relevant}
 * cases of {@code client-profile.json}) and the BetterTLS path-building cases through
 * {@link ChainValidator}, the validator behind {@link DeviceIdentityVerifier}. Limbo leaves are
 * generic certificates, not Palisade device certificates, so the cases drive the chain validator
 * (path and profile), not the device-id and tenant checks.
 *
 * <p>Harness, per the conformance README: {@code trusted_certs} are the anchors,
 * {@code peer_certificate} + {@code untrusted_intermediates} the presented chain, {@code crls}
 * the tenant's CRLs (deny when unavailable), {@code validation_time} the clock,
 * {@code max_chain_depth} the intermediate limit, and the key purpose per the profile's
 * {@code harness_eku_rule}: the case's {@code extended_key_usage}, else serverAuth for SERVER
 * cases and clientAuth for CLIENT cases. The client-chain cap is raised to 128 so that the
 * pathological 100-intermediate cases exercise the path-building budget rather than the cap.
 * 5 s per case.
 *
 * <p>{@code -Dlimbo.verbose=true} prints each case's outcome, with the refusal reason.
 *
 * <p>Every case must agree with {@code expected_result} or be listed, with a reason, in
 * {@code x509-limbo-exceptions.txt}; a listed case that agrees is a stale exception and fails too.
 */
class LimboConformanceTest {

    private static final Map<String, String> PURPOSES = Map.of(
            "serverAuth", ChainValidator.SERVER_AUTH, "clientAuth", ChainValidator.CLIENT_AUTH,
            "codeSigning", "1.3.6.1.5.5.7.3.3", "emailProtection", "1.3.6.1.5.5.7.3.4",
            "timeStamping", "1.3.6.1.5.5.7.3.8", "OCSPSigning", "1.3.6.1.5.5.7.3.9",
            "anyExtendedKeyUsage", "2.5.29.37.0");

    private static Path limboDir;
    private static Map<String, String> exceptions;
    private static ExecutorService executor;

    @BeforeAll
    static void locateSuite() throws IOException {
        String dir = System.getProperty("palisade.conformance.dir", "../shared/conformance");
        limboDir = Path.of(dir, "x509-limbo");
        Assumptions.assumeTrue(Files.isDirectory(limboDir), limboDir + " absent: skipped");
        exceptions = readExceptions();
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "limbo-case");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Test
    void chainRelevantLimboCasesAgreeOrAreListed() throws Exception {
        JsonNode profile = JsonMapper.builder().build().readTree(limboDir.resolve("client-profile.json").toFile());
        JsonNode classification = profile.get("classification");
        List<JsonNode> cases = new ArrayList<>();
        for (JsonNode tc : readCases("limbo.json")) {
            if ("chain_relevant".equals(classification.path(tc.get("id").asString()).asString(""))) {
                cases.add(tc);
            }
        }
        assertThat(cases).hasSize(150);
        judge("x509-limbo", cases, " chain-relevant");
    }

    @Test
    void betterTlsPathBuildingCasesAgreeOrAreListed() throws Exception {
        List<JsonNode> cases = readCases("bettertls-pathbuilding.limbo.json");
        assertThat(cases).hasSize(81);
        judge("bettertls-pathbuilding", cases, "");
    }

    private static List<JsonNode> readCases(String file) {
        List<JsonNode> out = new ArrayList<>();
        JsonMapper.builder().build().readTree(limboDir.resolve(file).toFile()).get("testcases").forEach(out::add);
        return out;
    }

    private static void judge(String suite, List<JsonNode> cases, String qualifier) throws Exception {
        Map<String, String> unlisted = new TreeMap<>();
        Set<String> stale = new HashSet<>();
        int agree = 0;
        int listed = 0;
        for (JsonNode tc : cases) {
            String id = tc.get("id").asString();
            String outcome = run(tc);
            if (Boolean.getBoolean("limbo.verbose")) {
                System.out.println("CASE " + id + " expected " + tc.get("expected_result").asString() + " got " + outcome);
            }
            boolean agrees = outcome.startsWith(tc.get("expected_result").asString());
            agree += agrees ? 1 : 0;
            if (exceptions.containsKey(id)) {
                listed++;
                if (agrees) {
                    stale.add(id);
                }
            } else if (!agrees) {
                unlisted.put(id, "expected " + tc.get("expected_result").asString() + ", got " + outcome);
            }
        }
        System.out.println(suite + ": " + agree + "/" + cases.size() + qualifier + " agree, " + listed + " exceptions");
        assertThat(unlisted).as("%s cases that disagree and are not in x509-limbo-exceptions.txt", suite).isEmpty();
        assertThat(stale).as("%s cases listed in x509-limbo-exceptions.txt that now agree (stale)", suite).isEmpty();
    }

    /** "SUCCESS" or "FAILURE: reason", within 5 s ("HANG" otherwise). */
    private static String run(JsonNode tc) throws Exception {
        Future<String> f = executor.submit(() -> validate(tc));
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return "HANG";
        }
    }

    private static String validate(JsonNode tc) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> anchors = new ArrayList<>();
        for (JsonNode pem : tc.get("trusted_certs")) {
            try {
                anchors.add(cert(cf, pem.asString()));
            } catch (Exception e) {
                // An anchor the platform cannot decode anchors nothing.
            }
        }
        List<X509Certificate> presented = new ArrayList<>();
        Set<X509CRL> crls = new HashSet<>();
        try {
            presented.add(cert(cf, tc.get("peer_certificate").asString()));
            for (JsonNode pem : tc.get("untrusted_intermediates")) {
                presented.add(cert(cf, pem.asString()));
            }
            for (JsonNode pem : tc.path("crls")) {
                crls.add((X509CRL) cf.generateCRL(stream(pem.asString())));
            }
        } catch (Exception e) {
            return "FAILURE: does not decode (" + e.getMessage() + ")";
        }
        ChainValidator.Builder b = ChainValidator.builder()
                .maxChainLength(128)
                .requireLeafUsages(false)
                .keyPurpose(purpose(tc));
        JsonNode time = tc.get("validation_time");
        if (time != null && !time.isNull()) {
            b.clock(Clock.fixed(Instant.parse(time.asString()), ZoneOffset.UTC));
        }
        JsonNode depth = tc.get("max_chain_depth");
        if (depth != null && !depth.isNull()) {
            b.maxIntermediates(depth.asInt());
        }
        ChainValidation result = b.build().validate(presented, anchors,
                crls.isEmpty() ? RevocationPolicy.none() : RevocationPolicy.crls(crls));
        return result instanceof Refused r ? "FAILURE: " + r : "SUCCESS";
    }

    private static String purpose(JsonNode tc) {
        JsonNode ekus = tc.get("extended_key_usage");
        if (ekus != null && ekus.size() > 0) {
            return PURPOSES.get(ekus.get(0).asString());
        }
        return "SERVER".equals(tc.get("validation_kind").asString()) ? ChainValidator.SERVER_AUTH : ChainValidator.CLIENT_AUTH;
    }

    private static X509Certificate cert(CertificateFactory cf, String pem) throws Exception {
        return (X509Certificate) cf.generateCertificate(stream(pem));
    }

    private static InputStream stream(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static Map<String, String> readExceptions() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = LimboConformanceTest.class.getResourceAsStream("/x509-limbo-exceptions.txt")) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+", 2);
                out.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return out;
    }
}
