package io.palisade.core.pki;

import static io.palisade.core.pki.CsrRejectedException.Reason.BAD_SIGNATURE;
import static io.palisade.core.pki.CsrRejectedException.Reason.MALFORMED;
import static io.palisade.core.pki.CsrRejectedException.Reason.UNSUPPORTED_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.pki.CsrRejectedException.Reason;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsrTest {

    private static final KeyPair P256 = KeyPairs.p256();
    private static final byte[] VALID = PkiFixtures.p256Csr(P256);

    static Stream<Arguments> refusals() throws IOException {
        return Stream.of(
                Arguments.of("empty input", new byte[0], MALFORMED),
                Arguments.of("fuzz regression: 30 00 (empty SEQUENCE)", emptySequenceRegression(), MALFORMED),
                Arguments.of("a lone tag byte", new byte[] {0x30}, MALFORMED),
                Arguments.of("indefinite length, never closed", new byte[] {0x30, (byte) 0x80}, MALFORMED),
                Arguments.of("length longer than the input", new byte[] {0x30, (byte) 0x84, 0x7f, 0x7f, 0x7f, 0x7f}, MALFORMED),
                Arguments.of("trailing byte after the request", concat(VALID, new byte[] {0}), MALFORMED),
                Arguments.of("deep nesting, indefinite lengths", nested(20_000), MALFORMED),
                Arguments.of("deep nesting, definite lengths", nestedDefinite(Csr.MAX_BYTES), MALFORMED),
                Arguments.of("a certificate instead of a request", certificateDer(), MALFORMED),
                Arguments.of("oversized input", new byte[Csr.MAX_BYTES + 1], MALFORMED),
                Arguments.of("PEM of the wrong type", pem("CERTIFICATE", VALID), MALFORMED),
                Arguments.of("PEM with broken base64", "-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n"
                        .getBytes(StandardCharsets.US_ASCII), MALFORMED),
                Arguments.of("PEM around garbage", pem("CERTIFICATE REQUEST", new byte[] {0x30, 0x03, 1, 2, 3}), MALFORMED),
                Arguments.of("flipped byte in the signature", flipped(VALID, VALID.length - 1), BAD_SIGNATURE),
                Arguments.of("flipped byte in the subject", flippedInSubject(), BAD_SIGNATURE),
                Arguments.of("RSA 1024", PkiFixtures.csr(PkiFixtures.keyPair("RSA", 1024), "CN=x", "SHA256withRSA"),
                        UNSUPPORTED_KEY),
                Arguments.of("EC P-521", PkiFixtures.csr(PkiFixtures.keyPair("EC", new ECGenParameterSpec("secp521r1")),
                        "CN=x", "SHA512withECDSA"), UNSUPPORTED_KEY),
                Arguments.of("Ed25519", PkiFixtures.csr(PkiFixtures.keyPair("Ed25519", null), "CN=x", "Ed25519"),
                        UNSUPPORTED_KEY));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("refusals")
    void refusesWithReason(String name, byte[] input, Reason reason) {
        assertThatThrownBy(() -> Csr.parse(input)).isInstanceOfSatisfying(CsrRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    static IntStream truncations() {
        return IntStream.range(0, VALID.length);
    }

    @ParameterizedTest(name = "first {0} bytes")
    @MethodSource("truncations")
    void refusesEveryTruncation(int length) {
        assertThatThrownBy(() -> Csr.parse(Arrays.copyOf(VALID, length))).isInstanceOfSatisfying(
                CsrRejectedException.class, e -> assertThat(e.reason()).isEqualTo(MALFORMED));
    }

    @Test
    void refusesRandomGarbageAndDamagedRequestsWithCheckedExceptionOnly() {
        Random random = new Random(20260301);
        for (int i = 0; i < 2_000; i++) {
            byte[] garbage = new byte[random.nextInt(600)];
            random.nextBytes(garbage);
            if (i % 2 == 0 && garbage.length > 4) {
                garbage[0] = 0x30; // looks like a SEQUENCE, to get past the first byte
            }
            if (i % 3 == 0) {
                garbage = flipped(VALID, random.nextInt(VALID.length)); // a valid request, one byte damaged
            }
            byte[] input = garbage;
            assertThatThrownBy(() -> Csr.parse(input)).as("input %d: %s", i, Arrays.toString(input))
                    .isInstanceOf(CsrRejectedException.class);
        }
    }

    @Test
    void acceptsP256AsDerAndPem() throws Exception { // the subject is returned as asked, for logs; never trusted
        Csr der = Csr.parse(VALID);
        assertThat(der.publicKey()).isEqualTo(P256.getPublic());
        assertThat(der.deviceId()).isEqualTo(DeviceId.of(P256.getPublic()));
        assertThat(der.subject()).isEqualTo(new X500Principal(
                new X500Name("CN=whatever-the-device-says,O=not-the-tenant").getEncoded()));

        Csr pem = Csr.parse(Pem.encodeCsr(VALID).getBytes(StandardCharsets.US_ASCII));
        assertThat(pem).isEqualTo(der);
    }

    @Test
    void acceptsP384AndRsa2048() throws Exception {
        KeyPair p384 = KeyPairs.p384();
        assertThat(Csr.parse(PkiFixtures.csr(p384, "CN=x", "SHA384withECDSA")).publicKey()).isEqualTo(p384.getPublic());
        KeyPair rsa = PkiFixtures.keyPair("RSA", 2048);
        assertThat(Csr.parse(PkiFixtures.csr(rsa, "CN=x", "SHA256withRSA")).publicKey()).isEqualTo(rsa.getPublic());
    }

    private static byte[] emptySequenceRegression() throws IOException {
        String dir = System.getProperty("palisade.conformance.dir");
        if (dir != null) {
            Path file = Path.of(dir, "fuzz-regressions", "pkcs10-empty-sequence.der");
            if (Files.isRegularFile(file)) {
                return Files.readAllBytes(file);
            }
        }
        return new byte[] {0x30, 0x00}; // the same input, inline, so the case is always tested
    }

    private static byte[] flipped(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    private static byte[] flippedInSubject() {
        byte[] marker = "whatever".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + marker.length <= VALID.length; i++) {
            if (Arrays.equals(VALID, i, i + marker.length, marker, 0, marker.length)) {
                return flipped(VALID, i);
            }
        }
        throw new AssertionError("subject not found in the request");
    }

    private static byte[] nested(int depth) {
        byte[] bytes = new byte[depth * 2];
        for (int i = 0; i < depth; i++) {
            bytes[2 * i] = 0x30;
            bytes[2 * i + 1] = (byte) 0x80; // indefinite length: nesting without length arithmetic
        }
        return bytes;
    }

    /** SEQUENCE { SEQUENCE { ... } } with definite lengths, as deep as fits in {@code size} bytes. */
    private static byte[] nestedDefinite(int size) {
        byte[] bytes = new byte[size];
        int start = size;
        while (start >= 4) {
            int length = size - start;
            byte[] header = length < 128 ? new byte[] {0x30, (byte) length}
                    : length < 256 ? new byte[] {0x30, (byte) 0x81, (byte) length}
                    : new byte[] {0x30, (byte) 0x82, (byte) (length >> 8), (byte) length};
            start -= header.length;
            System.arraycopy(header, 0, bytes, start, header.length);
        }
        return Arrays.copyOfRange(bytes, start, size);
    }

    private static byte[] certificateDer() {
        try {
            return CertificateAuthority.create("acme", PkiFixtures.CLOCK).root().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pem(String type, byte[] der) {
        String body = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
