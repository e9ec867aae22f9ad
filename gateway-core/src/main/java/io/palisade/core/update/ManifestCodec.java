package io.palisade.core.update;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The manifest format: canonical US-ASCII text, one field per line, each line ending in LF.
 *
 * <pre>
 * palisade-manifest 1
 * product acme-thermostat
 * channel stable
 * version 42
 * expires 2026-04-01T00:00:00Z
 * image firmware.bin sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 1048576
 * image bootloader.bin sha256:… 65536
 * signature 3b1f…(key id) ecdsa-p256-sha256 MEUCIQ…(base64)
 * </pre>
 *
 * The <em>body</em> is every line up to and including the last {@code image} line; vendors sign
 * exactly those bytes. One or more {@code signature} lines follow. Lines appear in this order,
 * with single spaces, no blank lines, no CR, no trailing space; numbers are decimal without sign
 * or leading zeros; {@code expires} is UTC in whole seconds; base64 is standard with padding.
 *
 * <p>Why not JSON: gateway-core carries no JSON library, and a signed JSON document needs a
 * canonicalisation step that is a classic source of signature bypasses. Here the parser
 * re-encodes what it read and refuses the document unless the bytes are identical, so there is
 * exactly one spelling of every manifest and the bytes verified are the bytes parsed. The text
 * stays readable with {@code curl} and signable with {@code openssl dgst}.
 */
final class ManifestCodec {

    /** Largest manifest document accepted. */
    static final int MAX_BYTES = 64 * 1024;
    /** Most signature lines accepted. */
    static final int MAX_SIGNATURES = 16;

    static final String MAGIC = "palisade-manifest 1";

    private ManifestCodec() {}

    static String body(Manifest m) {
        StringBuilder b = new StringBuilder(256 + 120 * m.images().size());
        b.append(MAGIC).append('\n')
                .append("product ").append(m.target().product()).append('\n')
                .append("channel ").append(m.target().channel()).append('\n')
                .append("version ").append(m.version()).append('\n')
                .append("expires ").append(m.expires()).append('\n');
        for (ImageEntry i : m.images()) {
            b.append("image ").append(i.name()).append(' ').append(i.digest()).append(' ').append(i.size()).append('\n');
        }
        return b.toString();
    }

    static byte[] document(Manifest m, List<ManifestSignature> signatures) {
        StringBuilder b = new StringBuilder(body(m));
        for (ManifestSignature s : signatures) {
            b.append(s.line()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Parses a whole document; {@link ManifestFormatException} names the line that is wrong. */
    static SignedManifest parse(byte[] bytes) throws ManifestFormatException {
        if (bytes.length > MAX_BYTES) {
            throw new ManifestFormatException(bytes.length + " bytes (expected: at most " + MAX_BYTES + ")");
        }
        for (byte c : bytes) {
            if ((c < 0x20 || c > 0x7e) && c != '\n') {
                throw new ManifestFormatException("byte 0x" + Integer.toHexString(c & 0xff)
                        + " (expected: printable US-ASCII and LF only)");
            }
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (!text.endsWith("\n")) {
            throw new ManifestFormatException("no LF at the end (expected: every line ends in LF)");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        Lines in = new Lines(lines);
        in.expectExact(MAGIC);
        String product = in.field("product");
        String channel = in.field("channel");
        long version = in.number(in.field("version"));
        Instant expires = in.instant(in.field("expires"));
        List<ImageEntry> images = new ArrayList<>();
        while (in.has() && in.peek().startsWith("image ")) {
            images.add(in.image());
        }
        List<ManifestSignature> signatures = new ArrayList<>();
        while (in.has()) {
            if (signatures.size() == MAX_SIGNATURES) {
                throw in.error("more than " + MAX_SIGNATURES + " signatures");
            }
            signatures.add(in.signature());
        }
        if (signatures.isEmpty()) {
            throw in.error("no signature line (expected: at least one)");
        }
        Manifest manifest;
        try {
            manifest = new Manifest(new ManifestTarget(product, channel), version, expires, images);
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException(e.getMessage(), e);
        }
        byte[] canonical = document(manifest, signatures);
        if (!java.util.Arrays.equals(canonical, bytes)) {
            throw new ManifestFormatException("not in canonical form (extra spaces, leading zeros, a non-UTC time "
                    + "or unpadded base64; expected: exactly one spelling of every manifest)");
        }
        return new SignedManifest(manifest, signatures);
    }

    /** A cursor over the lines, reporting 1-based line numbers. */
    private static final class Lines {
        private final String[] lines;
        private int next;

        Lines(String[] lines) {
            this.lines = lines;
        }

        boolean has() {
            return next < lines.length;
        }

        String peek() {
            return lines[next];
        }

        ManifestFormatException error(String what) {
            return new ManifestFormatException("line " + Math.min(next + 1, lines.length) + ": " + what);
        }

        void expectExact(String line) throws ManifestFormatException {
            if (!has() || !peek().equals(line)) {
                throw error("\"" + (has() ? peek() : "") + "\" (expected: \"" + line + "\")");
            }
            next++;
        }

        String field(String key) throws ManifestFormatException {
            if (!has() || !peek().startsWith(key + " ")) {
                throw error("\"" + (has() ? peek() : "") + "\" (expected: " + key + " <value>)");
            }
            return lines[next++].substring(key.length() + 1);
        }

        long number(String text) throws ManifestFormatException {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new ManifestFormatException("line " + next + ": " + text + " (expected: a decimal number)");
            }
        }

        Instant instant(String text) throws ManifestFormatException {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new ManifestFormatException("line " + next + ": " + text + " (expected: UTC time like 2026-04-01T00:00:00Z)");
            }
        }

        ImageEntry image() throws ManifestFormatException {
            String[] f = lines[next++].split(" ", -1);
            if (f.length != 4) {
                throw new ManifestFormatException("line " + next + ": " + f.length + " fields (expected: image <name> sha256:<hex> <size>)");
            }
            try {
                return new ImageEntry(f[1], ImageDigest.parse(f[2]), number(f[3]));
            } catch (IllegalArgumentException e) {
                throw new ManifestFormatException("line " + next + ": " + e.getMessage(), e);
            }
        }

        ManifestSignature signature() throws ManifestFormatException {
            String[] f = lines[next++].split(" ", -1);
            if (f.length != 4 || !f[0].equals("signature")) {
                throw new ManifestFormatException("line " + next + ": \"" + String.join(" ", f)
                        + "\" (expected: image <name> sha256:<hex> <size> or signature <key id> <algorithm> <base64>)");
            }
            SignatureAlgorithm alg = SignatureAlgorithm.ofToken(f[2]).orElseThrow(() -> new ManifestFormatException(
                    "line " + next + ": algorithm " + f[2] + " (expected: ecdsa-p256-sha256 or ed25519)"));
            try {
                return new ManifestSignature(f[1], alg, Base64.getDecoder().decode(f[3]));
            } catch (IllegalArgumentException e) {
                throw new ManifestFormatException("line " + next + ": " + e.getMessage(), e);
            }
        }
    }
}
