package io.palisade.core.update;

import static io.palisade.core.update.UpdateFixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical text format: one spelling per manifest; everything else is refused with the line. */
class ManifestCodecTest {

    private static final ManifestSigner SIGNER = UpdateFixtures.signer(UpdateFixtures.ec());

    @Test
    void aSignedManifestReadsBackAsItself() {
        SignedManifest signed = SIGNER.sign(manifest(42));
        SignedManifest read = SignedManifest.parse(signed.document());

        assertThat(read).isEqualTo(signed);
        assertThat(read.manifest()).isEqualTo(manifest(42));
        assertThat(read.signatures()).singleElement().satisfies(s -> assertThat(s.keyId()).isEqualTo(SIGNER.keyId()));
    }

    @Test
    void theBodyIsReadableText() {
        String body = new String(manifest(42).encode(), StandardCharsets.US_ASCII);

        assertThat(body).isEqualTo("palisade-manifest 1\nproduct acme-thermostat\nchannel stable\nversion 42\n"
                + "expires 2026-03-31T12:00:00Z\nimage firmware.bin " + ImageDigest.of(UpdateFixtures.FIRMWARE) + " 12\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "leading zero in version    | 'version 42'          | 'version 042'",
            "plus sign in version       | 'version 42'          | 'version +42'",
            "double space               | 'channel stable'      | 'channel  stable'",
            "trailing space             | 'channel stable'      | 'channel stable '",
            "CR before LF               | 'channel stable'      | 'channel stable\r'",
            "offset instead of Z        | '2026-03-31T12:00:00Z' | '2026-03-31T12:00:00+00:00'",
            "fractional seconds         | '2026-03-31T12:00:00Z' | '2026-03-31T12:00:00.5Z'",
            "fields out of order        | 'product acme-thermostat\nchannel stable' | 'channel stable\nproduct acme-thermostat'",
            "unknown field              | 'version 42'          | 'version 42\nnote hi'",
            "blank line                 | 'version 42'          | 'version 42\n'",
            "uppercase digest           | 'sha256:'             | 'SHA256:'",
            "negative size              | ' 12\n'               | ' -12\n'",
            "unknown algorithm          | 'ecdsa-p256-sha256'   | 'rsa-sha256'",
            "wrong magic                | 'palisade-manifest 1' | 'palisade-manifest 2'",
            "non-ASCII                  | 'stable'              | 'stäble'",
    })
    void refusesEveryOtherSpelling(String name, String from, String to) {
        String doc = new String(SIGNER.sign(manifest(42)).document(), StandardCharsets.US_ASCII);
        assertThat(doc).contains(from);
        byte[] altered = doc.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SignedManifest.parse(altered)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("manifest: ");
    }

    @Test
    void refusesUnpaddedBase64() {
        String doc = new String(SIGNER.sign(manifest(42)).document(), StandardCharsets.US_ASCII);
        String unpadded = doc.substring(0, doc.length() - 1).replaceAll("=+$", "") + "\n";

        assertThatThrownBy(() -> SignedManifest.parse(unpadded.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesADocumentWithoutSignatureAndNamesTheLine() {
        assertThatThrownBy(() -> SignedManifest.parse(manifest(1).encode()))
                .hasMessageContaining("line 6").hasMessageContaining("no signature line");
    }

    @Test
    void refusesAnOversizedDocumentUnread() {
        assertThatThrownBy(() -> SignedManifest.parse(new byte[ManifestCodec.MAX_BYTES + 1]))
                .hasMessageContaining("bytes (expected: at most 65536)");
    }

    @Test
    void refusesDuplicateImageNames() {
        String doc = new String(SIGNER.sign(manifest(1)).document(), StandardCharsets.US_ASCII);
        String image = doc.lines().filter(l -> l.startsWith("image ")).findFirst().orElseThrow();
        byte[] twice = doc.replace(image, image + "\n" + image).getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> SignedManifest.parse(twice)).hasMessageContaining("twice");
    }

    @Test
    void theManifestValueRefusesBadFields() {
        assertThatThrownBy(() -> manifest(0)).hasMessage("version: 0 (expected: >= 1)");
        assertThatThrownBy(() -> UpdateFixtures.manifest(UpdateFixtures.STABLE, 1, Instant.parse("2026-01-01T00:00:00.1Z"),
                UpdateFixtures.FIRMWARE)).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> new ImageEntry("../etc", ImageDigest.of(new byte[0]), 0)).hasMessageContaining("image name");
        assertThatThrownBy(() -> new ManifestTarget("acme", "a/b")).hasMessageContaining("channel: a/b");
    }
}
