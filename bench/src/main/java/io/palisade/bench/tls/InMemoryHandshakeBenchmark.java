package io.palisade.bench.tls;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.palisade.bench.CpuPerCall;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.pki.CertificateAuthority;
import io.palisade.core.pki.DeviceProfile;
import io.palisade.core.pki.KeyPairs;
import io.palisade.proxy.TlsEngine;
import io.palisade.proxy.tls.DeviceTrustManager;
import io.palisade.proxy.tls.ServerTls;
import io.palisade.proxy.tls.SessionIdentity;

/**
 * One full mutual-TLS 1.3 handshake in memory, no sockets: the gateway's real device-facing
 * context ({@link ServerTls#context}, {@link DeviceTrustManager} running the
 * {@link DeviceIdentityVerifier}) against a device with a P-256 certificate from the product's CA,
 * both on BoringSSL (netty-tcnative) unless {@code -p tlsEngine=JDK}. The same device every time,
 * as {@code openssl s_time -new} in {@code compare.sh} (its chain is already verified once, see
 * {@code IdentityVerificationBenchmark} for a new device). Each handshake ends with the device
 * reading the session tickets the server sends, and both engines freed.
 *
 * <p>The score is the wall time of both sides together (one thread). With
 * {@code -prof io.palisade.bench.CpuPerCall}, {@code cpu.us/call} is the CPU of the server side
 * alone: what {@code compare.sh} calls server CPU per handshake, less the sockets and the pipeline.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InMemoryHandshakeBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    @Param({"BORINGSSL"})
    public String tlsEngine;

    private SslContext server;
    private SslContext device;
    private final ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer toDevice = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer plaintext = ByteBuffer.allocate(64 * 1024);
    private long serverNanos;

    @Setup(Level.Trial)
    public void setUp() throws SSLException {
        TlsEngine engine = TlsEngine.valueOf(tlsEngine);
        CertificateAuthority ca = CertificateAuthority.create("bench", Clock.systemUTC());
        KeyPair gatewayKeys = KeyPairs.p256();
        X509Certificate gateway = ca.issueServer(gatewayKeys.getPublic(), List.of("gateway.bench"),
                List.of(InetAddress.getLoopbackAddress()));
        DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder()
                .tenant(TenantTrust.of("bench", Set.of(ca.root()))).build();
        server = ServerTls.context(gatewayKeys.getPrivate(), List.of(gateway, ca.deviceCa().certificate()),
                new DeviceTrustManager(verifier), engine);
        KeyPair deviceKeys = KeyPairs.p256();
        X509Certificate deviceCert = ca.issueDevice(deviceKeys.getPublic(), DeviceProfile.of("sensor"));
        device = SslContextBuilder.forClient()
                .sslProvider(engine == TlsEngine.JDK ? SslProvider.JDK : SslProvider.OPENSSL)
                .keyManager(deviceKeys.getPrivate(), deviceCert, ca.deviceCa().certificate())
                .trustManager(ca.root())
                .protocols("TLSv1.3")
                .build();
        SSLEngine checked = handshake(true);
        if (SessionIdentity.of(checked.getSession()).isEmpty()) {
            throw new IllegalStateException("benchmark handshake: no device identity in the server's session");
        }
        ReferenceCountUtil.release(checked);
    }

    @Benchmark
    public Object handshake() throws SSLException {
        serverNanos = 0;
        handshake(false);
        CpuPerCall.record(serverNanos);
        return toDevice;
    }

    /** Runs one handshake; returns the server's engine when {@code keep}, else frees both engines. */
    private SSLEngine handshake(boolean keep) throws SSLException {
        SSLEngine client = device.newEngine(ByteBufAllocator.DEFAULT, "gateway.bench", 443);
        SSLEngine srv = server.newEngine(ByteBufAllocator.DEFAULT);
        try {
            toServer.clear();
            toDevice.clear();
            client.beginHandshake();
            srv.beginHandshake();
            for (int round = 0; round < 16; round++) {
                pump(client, toDevice, toServer);
                long t0 = THREADS.getCurrentThreadCpuTime();
                pump(srv, toServer, toDevice);
                serverNanos += THREADS.getCurrentThreadCpuTime() - t0;
                if (done(client) && done(srv) && toServer.position() == 0 && toDevice.position() == 0) {
                    return keep ? srv : null;
                }
            }
            throw new IllegalStateException("handshake did not finish: device " + client.getHandshakeStatus()
                    + ", server " + srv.getHandshakeStatus());
        } finally {
            ReferenceCountUtil.release(client);
            if (!keep) {
                ReferenceCountUtil.release(srv);
            }
        }
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus s = engine.getHandshakeStatus();
        return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
    }

    /** Feeds {@code engine} what it was sent, then lets it write what it has to say. */
    private void pump(SSLEngine engine, ByteBuffer in, ByteBuffer out) throws SSLException {
        in.flip();
        while (in.hasRemaining()) {
            plaintext.clear();
            SSLEngineResult r = engine.unwrap(in, plaintext);
            runTasks(engine);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                break;
            }
        }
        in.compact();
        while (true) {
            SSLEngineResult r = engine.wrap(EMPTY, out);
            runTasks(engine);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesProduced() == 0) {
                break;
            }
        }
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
