package io.palisade.bench.identity;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.netty.handler.ssl.util.LazyX509Certificate;
import io.palisade.bench.ThreadCpu;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.identity.Verification;
import io.palisade.core.identity.Verified;
import io.palisade.core.pki.CertificateAuthority;
import io.palisade.core.pki.DeviceProfile;
import io.palisade.core.pki.KeyPairs;

/**
 * What the gateway's identity check costs per handshake: {@link DeviceIdentityVerifier#verify} of
 * the chain a device sends (its certificate and the device CA; the root is the tenant's trust
 * anchor), as made by the product's own CA ({@code palisade pki init}, ECDSA P-256 throughout).
 * The certificates are handed over as BoringSSL's engine hands them to the trust manager: DER
 * bytes in a {@link LazyX509Certificate}, decoded on first use, so decoding is part of the cost.
 *
 * <ul>
 *   <li>{@code reconnect}: the same device again (its chain already verified once): no
 *       public-key operation, every other check;</li>
 *   <li>{@code newDevice}: a device never seen before under a known device CA (a fresh key and
 *       certificate for each call, made outside the measured time): one ECDSA verification.</li>
 * </ul>
 * With {@code -prof io.palisade.bench.CpuPerCall}, {@code cpu.us/call} is the benchmark thread's
 * CPU per call ({@link ThreadCpu}), the figure to quote on a shared machine.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IdentityVerificationBenchmark {

    private CertificateAuthority ca;
    private DeviceIdentityVerifier verifier;
    private byte[][] known;

    @Setup(Level.Trial)
    public void setUp() {
        ca = CertificateAuthority.create("bench", Clock.systemUTC());
        verifier = DeviceIdentityVerifier.builder().tenant(TenantTrust.of("bench", Set.of(ca.root()))).build();
        known = newDeviceChain(ca);
        check(verifier.verify(asPresented(known)));
    }

    /** A device that has never connected: its chain is made before each call, outside the CPU count. */
    @State(Scope.Thread)
    public static class NewDevice extends ThreadCpu {
        byte[][] chain;

        @Override
        @Setup(Level.Invocation)
        public void beforeCall() {
        }

        @Setup(Level.Invocation)
        public void issue(IdentityVerificationBenchmark b) {
            chain = newDeviceChain(b.ca);
            start();
        }
    }

    @Benchmark
    public Verification reconnect(ThreadCpu cpu) {
        return verifier.verify(asPresented(known));
    }

    @Benchmark
    public Verification newDevice(NewDevice device) {
        return verifier.verify(asPresented(device.chain));
    }

    static byte[][] newDeviceChain(CertificateAuthority ca) {
        X509Certificate device = ca.issueDevice(KeyPairs.p256().getPublic(), DeviceProfile.of("sensor"));
        try {
            return new byte[][] {device.getEncoded(), ca.deviceCa().certificate().getEncoded()};
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chain as netty-tcnative presents it to a trust manager. */
    static List<X509Certificate> asPresented(byte[][] der) {
        List<X509Certificate> chain = new ArrayList<>(der.length);
        for (byte[] d : der) {
            chain.add(new LazyX509Certificate(d));
        }
        return chain;
    }

    static void check(Verification v) {
        if (!(v instanceof Verified)) {
            throw new IllegalStateException("benchmark chain: " + v + " (expected: verified)");
        }
    }
}
