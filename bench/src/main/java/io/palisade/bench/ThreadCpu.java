package io.palisade.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Measures the benchmark thread's own CPU time in each call for {@link CpuPerCall}: a benchmark
 * takes this state, or a subclass that prepares each call and then calls {@link #start()} (so
 * the preparation is not counted). JIT and GC threads are not in it.
 */
@State(Scope.Thread)
public class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long started;

    @Setup(Level.Invocation)
    public void beforeCall() {
        start();
    }

    @TearDown(Level.Invocation)
    public void afterCall() {
        CpuPerCall.record(THREADS.getCurrentThreadCpuTime() - started);
    }

    /** Starts the clock of this call. */
    protected final void start() {
        started = THREADS.getCurrentThreadCpuTime();
    }
}
