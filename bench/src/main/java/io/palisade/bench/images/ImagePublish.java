package io.palisade.bench.images;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import io.palisade.core.pki.KeyPairs;
import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ImageEntry;
import io.palisade.core.update.Manifest;
import io.palisade.core.update.ManifestSigner;
import io.palisade.core.update.ManifestTarget;

/**
 * Publishes one firmware image for the image benchmarks, the way the embedded update store holds
 * it ({@code cloud.updates} absent: {@code <state>/updates}): {@code --mib} MiB of seeded random
 * bytes as {@code <dir>/sha256/<hex>}, a manifest of {@code <product>/<channel>} listing it,
 * signed with a fresh vendor key, as {@code <dir>/<product>/<channel>/manifest}, and the vendor's
 * public key as {@code --vendor-pem} (for {@code cloud.updates.vendorKeys}).
 *
 * <p>Usage: {@code ImagePublish --dir DIR --vendor-pem FILE [--mib 64] [--product sensor]
 * [--channel stable]}; prints {@code image digest=HEX bytes=N}.
 */
public final class ImagePublish {

    private ImagePublish() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("arguments: " + String.join(" ", args) + " (expected: --name value pairs)");
        }
        java.util.Map<String, String> flags = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            flags.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path dir = Path.of(required(flags, "dir"));
        Path vendorPem = Path.of(required(flags, "vendor-pem"));
        long bytes = Long.parseLong(flags.getOrDefault("mib", "64")) << 20;
        ManifestTarget target = new ManifestTarget(flags.getOrDefault("product", "sensor"), flags.getOrDefault("channel", "stable"));

        Path images = Files.createDirectories(dir.resolve("sha256"));
        Path part = images.resolve("image.part");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(7);
        try (OutputStream out = Files.newOutputStream(part)) {
            for (long written = 0; written < bytes; written += chunk.length) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, bytes - written);
                sha256.update(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        }
        ImageDigest digest = ImageDigest.ofHash(sha256.digest());
        Files.move(part, images.resolve(digest.hex()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        KeyPair vendor = KeyPairs.p256();
        Files.writeString(vendorPem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(vendor.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
        byte[] manifest = ManifestSigner.of(vendor.getPrivate(), vendor.getPublic()).sign(new Manifest(target, 1,
                Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS),
                List.of(new ImageEntry("firmware.bin", digest, bytes)))).document();
        Path file = dir.resolve(target.product()).resolve(target.channel()).resolve("manifest");
        Files.createDirectories(file.getParent());
        Files.write(file, manifest);
        System.out.printf("image digest=%s bytes=%d%n", digest.hex(), bytes);
    }

    private static String required(java.util.Map<String, String> flags, String name) {
        String value = flags.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + ": missing (expected: a value)");
        }
        return value;
    }
}
