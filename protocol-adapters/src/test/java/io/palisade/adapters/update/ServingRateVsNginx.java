package io.palisade.adapters.update;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.palisade.adapters.fixtures.Devices;
import io.palisade.adapters.fixtures.Devices.Device;
import io.palisade.adapters.fixtures.Policies;
import io.palisade.adapters.fixtures.Processes;
import io.palisade.adapters.fixtures.RelayGateway;
import io.palisade.adapters.fixtures.Updates;
import io.palisade.adapters.http.HttpRelayService;
import io.palisade.core.pki.Pem;
import io.palisade.core.update.DirectoryOrigin;
import io.palisade.core.update.ImageCache;
import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ManifestTarget;
import io.palisade.testing.pki.TestPki;

/**
 * A measurement, not a test: the image serving rate of the update relay beside nginx serving the
 * same file over mutual TLS ({@code ssl_verify_client on}, same server certificate, same client CA),
 * both on 127.0.0.1, fetched by the same {@code curl} with the same device certificate,
 * alternating, in one run; prints the median MB/s of each. Run with the test classpath:
 * {@code java -cp … io.palisade.adapters.update.ServingRateVsNginx [sizeMiB] [rounds]}.
 */
public final class ServingRateVsNginx {

    private ServingRateVsNginx() {}

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("serving-rate");
        Path origin = Files.createDirectories(dir.resolve("origin"));
        Updates updates = new Updates();
        Devices devices = new Devices();
        byte[] image = Updates.bytes(mib << 20, 1);
        ImageDigest digest = Updates.publish(origin, image);
        image = null;
        updates.accept(new ManifestTarget("sensor", "stable"), 1, digest, (long) mib << 20);
        ExecutorService fetches = Executors.newFixedThreadPool(1);
        ImageCache cache = ImageCache.open(dir.resolve("cache"), 1L << 34, DirectoryOrigin.byDigest(origin), fetches);
        try (RelayGateway gw = new RelayGateway(devices, Policies.standard(),
                HttpRelayService.builder().routes(UpdateRelay.of(updates.store, cache)).build())) {
            Device d = devices.device();
            Path cert = Files.writeString(dir.resolve("device.crt"), TestPki.pem(d.chain().get(0), d.chain().get(1)));
            Path key = Files.writeString(dir.resolve("device.key"), Pem.encodePrivateKey(d.keys().getPrivate()));
            Path ca = gw.writeRoot(dir);
            Path serverCert = Files.writeString(dir.resolve("server.crt"), TestPki.pem(gw.serverCert, gw.serverCa.deviceCa().certificate()));
            Path serverKey = Files.writeString(dir.resolve("server.key"), Pem.encodePrivateKey(gw.serverKeys.getPrivate()));
            Path clientCa = Files.writeString(dir.resolve("client-ca.pem"), TestPki.pem(devices.ca.root()));
            int nginxPort = freePort();
            Path conf = Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                    "user root;", "worker_processes 2;", "daemon off;", "pid " + dir.resolve("nginx.pid") + ";",
                    "error_log " + dir.resolve("error.log") + " warn;", "events { worker_connections 64; }",
                    "http {", "  access_log off;", "  sendfile on;",
                    "  server {", "    listen 127.0.0.1:" + nginxPort + " ssl;",
                    "    ssl_certificate " + serverCert + ";", "    ssl_certificate_key " + serverKey + ";",
                    "    ssl_client_certificate " + clientCa + ";", "    ssl_verify_client on;", "    ssl_verify_depth 3;",
                    "    location /updates/v1/sha256/ { alias " + origin.resolve("sha256") + "/; }",
                    "  }", "}", ""), StandardCharsets.US_ASCII);
            Process nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            try {
                String path = "/updates/v1/sha256/" + digest.hex();
                String gateway = gw.url(path);
                String plain = "https://127.0.0.1:" + nginxPort + path;
                awaitUp(dir, cert, key, ca, plain);
                fetch(dir, cert, key, ca, gateway); // fills the cache
                List<Double> gwRates = new ArrayList<>();
                List<Double> nginxRates = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    gwRates.add(fetch(dir, cert, key, ca, gateway));
                    nginxRates.add(fetch(dir, cert, key, ca, plain));
                }
                System.out.printf("image %d MiB, %d rounds, curl over TLS with a client certificate, loopback:%n", mib, rounds);
                System.out.printf("  palisade update relay (%s): median %.0f MB/s %s%n", gw.proxy.tlsEngine(), median(gwRates), gwRates);
                System.out.printf("  nginx 1.22 (ssl_verify_client on, sendfile): median %.0f MB/s %s%n", median(nginxRates), nginxRates);
            } finally {
                nginx.destroy();
                nginx.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            fetches.shutdownNow();
        }
    }

    private static double fetch(Path dir, Path cert, Path key, Path ca, String url) throws IOException, InterruptedException {
        String speed = Processes.ok(dir, "curl", "-sS", "--http1.1", "-o", "/dev/null", "-w", "%{speed_download}",
                "--cacert", ca.toString(), "--cert", cert.toString(), "--key", key.toString(), url).trim();
        return Double.parseDouble(speed) / 1e6;
    }

    private static void awaitUp(Path dir, Path cert, Path key, Path ca, String url) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Processes.run(dir, "curl", "-sS", "-o", "/dev/null", "--cacert", ca.toString(), "--cert", cert.toString(),
                    "--key", key.toString(), "-r", "0-0", url).exitCode() == 0) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("nginx did not come up: " + Files.readString(dir.resolve("error.log")));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
