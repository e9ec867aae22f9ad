package io.palisade.bench;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler reporting {@code cpu.us/call}: the CPU time the benchmark threads spent inside
 * the measured calls, as recorded by {@link ThreadCpu}. On a machine shared with other work this
 * moves far less than the wall-clock score, which counts the time the thread waited for a core.
 * Usage: {@code java -jar benchmarks.jar Foo -prof io.palisade.bench.CpuPerCall}.
 */
public final class CpuPerCall implements InternalProfiler {

    private static final LongAdder NANOS = new LongAdder();
    private static final LongAdder CALLS = new LongAdder();

    /** Adds one measured call that took {@code nanos} of CPU. */
    public static void record(long nanos) {
        NANOS.add(nanos);
        CALLS.increment();
    }

    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads per measured call (benchmarks taking a ThreadCpu state)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        NANOS.reset();
        CALLS.reset();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long calls = CALLS.sum();
        if (calls == 0) {
            return List.of();
        }
        return List.of(new ScalarResult("cpu.us/call", NANOS.sum() / 1e3 / calls, "us/call", AggregationPolicy.AVG));
    }
}
