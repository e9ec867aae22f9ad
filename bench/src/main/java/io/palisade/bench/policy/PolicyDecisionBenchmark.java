package io.palisade.bench.policy;

import java.time.Clock;
import java.time.ZoneOffset;
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

import io.palisade.core.policy.CompiledPolicies;
import io.palisade.core.policy.Decision;

/**
 * The policy decision path over {@link PolicyWorkload} (100 policies, 1,000 rules, 10,000
 * devices): cached decisions (every device's view built once, as on a running gateway), uncached
 * decisions (the view built for every decision: the cost of a device's first request in a
 * generation), and compiling the whole set. Each decision is an MQTT publish the device's policies
 * allow, cycling through all 10,000 devices.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PolicyDecisionBenchmark {

    private static final Clock CLOCK = Clock.fixed(PolicyWorkload.NOW, ZoneOffset.UTC);

    private PolicyWorkload workload;
    private CompiledPolicies cached;
    private CompiledPolicies uncached;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        workload = new PolicyWorkload();
        cached = CompiledPolicies.compile(workload.set, 1, CLOCK, 2 * PolicyWorkload.DEVICES);
        uncached = CompiledPolicies.compile(workload.set, 1, CLOCK, 0);
        for (int i = 0; i < PolicyWorkload.DEVICES; i++) {
            Decision d = cached.decide(workload.devices[i], workload.telemetry[i]);
            if (!d.allowed()) {
                throw new IllegalStateException("workload: device " + i + " should be allowed, got " + d);
            }
        }
    }

    private int advance() {
        int i = next;
        next = i + 1 == PolicyWorkload.DEVICES ? 0 : i + 1;
        return i;
    }

    /** A decision for a device whose view is cached. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Decision cachedDecision() {
        int i = advance();
        return cached.decide(workload.devices[i], workload.telemetry[i]);
    }

    /** A decision for one device, again and again: the decision path with its data in the CPU caches. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Decision cachedDecisionOneDevice() {
        return cached.decide(workload.devices[17], workload.telemetry[17]);
    }

    /** A decision that builds the device's view first (no cache). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Decision uncachedDecision() {
        int i = advance();
        return uncached.decide(workload.devices[i], workload.telemetry[i]);
    }

    /** Compiling all 100 policies and 1,000 rules. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public CompiledPolicies compile() {
        return CompiledPolicies.compile(workload.set, 2, CLOCK);
    }
}
