package io.palisade.adapters.mqtt.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.palisade.adapters.mqtt.MqttService;
import io.palisade.adapters.mqtt.MqttStage;
import io.palisade.adapters.mqtt.cloud.CloudBroker;
import io.palisade.adapters.mqtt.cloud.HiveMqConnector;
import io.palisade.adapters.mqtt.spool.SpoolDirectory;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.pki.CertificateAuthority;
import io.palisade.core.pki.KeyPairs;
import io.palisade.core.policy.PolicyStore;
import io.palisade.core.policy.model.MqttClause;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;
import io.palisade.proxy.MtlsProxy;
import io.palisade.proxy.service.ServiceListener;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/**
 * Not a test: prints end-to-end messages/s of mosquitto_pub → mosquitto_sub (both over mutual TLS,
 * the same certificates and client ids) straight at Mosquitto and through the gateway in front of
 * the same Mosquitto, in the same run, alternating, for QoS 0 and 1 (the method of
 * shared/peers/mqtt-baseline.sh: the subscriber waits for N, the publisher sends N lines with
 * {@code -l}, rate = N / (publisher start → subscriber has N)).
 * Also prints CPU µs per message of this JVM (the gateway, plus the harness itself, whose share the
 * direct runs show) and of Mosquitto, from {@code /proc/PID/stat} and the JVM's process CPU time.
 * Args: [N=20000] [RUNS=3] [PAYLOAD=64] [QOS=0,1].
 */
public final class GatewayVersusMosquitto {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int payload = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int[] qosLevels = args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {0, 1};
        Path dir = Files.createTempDirectory("mqtt-bench");
        TestPki pki = TestPki.create("acme");
        CertificateAuthority ca = CertificateAuthority.create("gateway", Clock.systemUTC());
        KeyPair keys = KeyPairs.p256();
        X509Certificate leaf = ca.issueServer(keys.getPublic(), List.of("localhost"), List.of(InetAddress.getLoopbackAddress()));
        Files.writeString(dir.resolve("server.crt"), TestPki.pem(leaf, ca.deviceCa().certificate()));
        Files.writeString(dir.resolve("server.key"), pkcs8(keys));
        Files.writeString(dir.resolve("server-ca.crt"), TestPki.pem(ca.root()));
        Files.writeString(dir.resolve("devices-ca.crt"), TestPki.pem(pki.root().certificate()));
        HeldCert pub = pki.device().build();
        HeldCert sub = pki.device().build();
        for (var e : Map.of("pub", pub, "sub", sub).entrySet()) {
            Files.writeString(dir.resolve(e.getKey() + ".crt"), e.getValue().chainPem());
            Files.writeString(dir.resolve(e.getKey() + ".key"), e.getValue().privateKeyPem());
        }
        int plain = freePort();
        int mtls = freePort();
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n", "per_listener_settings true", "persistence false",
                "user " + System.getProperty("user.name"), "log_dest stderr", "log_type error", "log_type subscribe", "max_queued_messages 1000000",
                "listener " + plain + " 127.0.0.1", "allow_anonymous true",
                "listener " + mtls + " 127.0.0.1", "allow_anonymous false", "cafile " + dir.resolve("devices-ca.crt"),
                "certfile " + dir.resolve("server.crt"), "keyfile " + dir.resolve("server.key"), "require_certificate true",
                "use_identity_as_username true", ""));
        Process mosquitto = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        awaitPort(plain);
        awaitPort(mtls);

        PolicyStore policy = PolicyStore.create(Clock.systemUTC());
        policy.swap(PolicySet.of(Policy.of("bench", Selector.EVERY_DEVICE, List.of(
                Rule.allow("bench").mqtt(new MqttClause(List.of("bench/#"), List.of("bench/#"), Set.of())).build()))));
        MqttStage stage = MqttStage.builder().policy(policy).cloud(new HiveMqConnector(CloudBroker.plain("127.0.0.1", plain)))
                .spools(new SpoolDirectory(dir.resolve("spool"), 64L << 20)).build();
        MtlsProxy gateway = MtlsProxy.builder().serverIdentity(keys.getPrivate(), List.of(leaf, ca.deviceCa().certificate()))
                .verifier(DeviceIdentityVerifier.builder().tenant(TenantTrust.of("acme", Set.of(pki.root().certificate()))).build())
                .policy(policy)
                .listener(new ServiceListener("mqtt", new InetSocketAddress("127.0.0.1", 0), List.of(new MqttService(stage))))
                .build().start();
        int gw = gateway.address("mqtt").getPort();
        System.out.printf("# mqtt e2e: N=%d payload=%dB runs=%d, mosquitto_pub -l -> mosquitto_sub, mTLS both; tls engine %s, %s%n",
                n, payload, runs, gateway.tlsEngine(), gateway.nativeTransport() ? "epoll" : "nio");
        Map<String, List<Double>> figures = new HashMap<>();
        try {
            for (int r = 0; r <= runs; r++) { // run 0 warms both up (JIT, TLS session state) and is not counted
                for (int qos : qosLevels) {
                    for (var target : List.of(Map.entry("mosquitto", mtls), Map.entry("gateway", gw))) {
                        String topic = "bench/" + target.getKey() + "/" + r + "/" + qos;
                        long jvm0 = jvmCpuNanos();
                        long mosq0 = ticks(mosquitto.pid());
                        double rate = measure(dir, target.getValue(), topic, qos, n, payload, pub.deviceId(), sub.deviceId());
                        double jvmUs = (jvmCpuNanos() - jvm0) / 1e3 / n;
                        double mosqUs = (ticks(mosquitto.pid()) - mosq0) * 1e6 / TICKS_PER_SECOND / n;
                        if (r > 0) {
                            String key = target.getKey() + " " + qos;
                            figures.computeIfAbsent(key + " rate", k -> new ArrayList<>()).add(rate);
                            figures.computeIfAbsent(key + " jvm", k -> new ArrayList<>()).add(jvmUs);
                            figures.computeIfAbsent(key + " mosq", k -> new ArrayList<>()).add(mosqUs);
                        }
                        System.out.printf("run=%d qos=%d %-9s e2e_msg/s=%.0f jvm_cpu_us/msg=%.2f mosquitto_cpu_us/msg=%.2f load=%s%n",
                                r, qos, target.getKey(), rate, jvmUs, mosqUs, load());
                    }
                }
            }
        } finally {
            gateway.close();
            mosquitto.destroy();
        }
        System.out.println("# medians (jvm = the gateway's process, which also runs this harness: its figure for the"
                + " mosquitto target is the harness alone)");
        for (int qos : qosLevels) {
            double direct = median(figures.get("mosquitto " + qos + " rate"));
            double through = median(figures.get("gateway " + qos + " rate"));
            System.out.printf("qos=%d mosquitto=%.0f gateway=%.0f ratio=%.2f  jvm_cpu_us/msg: %.2f (harness) %.2f (gateway)"
                            + "  mosquitto_cpu_us/msg: %.2f direct %.2f behind the gateway%n",
                    qos, direct, through, through / direct, median(figures.get("mosquitto " + qos + " jvm")),
                    median(figures.get("gateway " + qos + " jvm")), median(figures.get("mosquitto " + qos + " mosq")),
                    median(figures.get("gateway " + qos + " mosq")));
        }
        System.exit(0);
    }

    private static double measure(Path dir, int port, String topic, int qos, int n, int payload, String pubId, String subId)
            throws IOException, InterruptedException {
        List<String> sub = tls(dir, "sub", port);
        sub.addAll(List.of("-i", subId, "-t", topic, "-q", Integer.toString(qos), "-C", Integer.toString(n), "-W", "120"));
        sub.add(0, "mosquitto_sub");
        Path subOut = dir.resolve("sub.out");
        Process s = new ProcessBuilder(sub).redirectOutput(subOut.toFile())
                .redirectError(dir.resolve("sub.err").toFile()).start();
        // publish only once the subscription stands at Mosquitto (its log names the unique topic; through
        // the gateway the device's SUBACK follows Mosquitto's), or the first messages are missed.
        // (mosquitto_sub -d would say SUBACK too, but its stdout is block-buffered into a file.)
        Path log = dir.resolve("mosquitto.log");
        await("mosquitto_sub subscribed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> Files.readString(log, StandardCharsets.ISO_8859_1).contains(" " + topic));
        List<String> pub = tls(dir, "pub", port);
        pub.addAll(List.of("-i", pubId, "-t", topic, "-q", Integer.toString(qos), "-l"));
        pub.add(0, "mosquitto_pub");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(pub).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("pub.err").toFile()).start();
        byte[] line = ("x".repeat(payload) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (OutputStream in = p.getOutputStream()) {
            for (int i = 0; i < n; i++) {
                in.write(line);
            }
            in.flush();
            s.waitFor(150, TimeUnit.SECONDS);
        }
        long t1 = System.nanoTime();
        p.waitFor(10, TimeUnit.SECONDS);
        p.destroyForcibly();
        if (s.isAlive() || s.exitValue() != 0) {
            s.destroyForcibly();
            return 0;
        }
        return n / ((t1 - t0) / 1e9);
    }

    private static List<String> tls(Path dir, String who, int port) {
        return new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(port), "--cafile", dir.resolve("server-ca.crt").toString(),
                "--cert", dir.resolve(who + ".crt").toString(), "--key", dir.resolve(who + ".key").toString()));
    }

    private static String pkcs8(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) {
        await("mosquitto listening on " + port).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> {
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        return true;
                    }
                });
    }

    private static final long TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/PID/stat on Linux

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of {@code pid}, every thread, in clock ticks. */
    private static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static String load() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0];
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
