package io.palisade.core.policy;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.core.policy.model.DeviceRegistry;
import io.palisade.core.policy.model.Limits;
import io.palisade.core.policy.model.PolicySet;

/**
 * The policy in force, and the reload contract: {@link #swap} compiles a fully validated set and
 * puts it in force atomically as the next generation; {@link #reject} records a reload that
 * failed validation, keeps the last good generation in force, says why and counts it. Decisions
 * always come from exactly one generation. The store starts at generation 0 with no policy
 * (everything denied), so a gateway whose first load fails stays closed.
 */
public final class PolicyStore implements PolicyEngine {

    /** A reload that was refused. */
    public record Rejection(String source, List<String> problems, Instant at, long keptGeneration) {
        public Rejection {
            requireNonNull(source, "source");
            problems = List.copyOf(requireNonNull(problems, "problems"));
            requireNonNull(at, "at");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PolicyStore.class);

    private final Clock clock;
    private final int cacheSize;
    private final AtomicReference<CompiledPolicies> current;
    private final AtomicReference<Rejection> lastRejection = new AtomicReference<>();
    private final List<PolicyListener> listeners = new CopyOnWriteArrayList<>();
    private long swaps;
    private long rejections;

    private PolicyStore(Clock clock, int cacheSize) {
        this.clock = requireNonNull(clock, "clock");
        this.cacheSize = cacheSize;
        this.current = new AtomicReference<>(CompiledPolicies.compile(
                new PolicySet(List.of(), DeviceRegistry.EMPTY), 0, clock, cacheSize));
    }

    /** A store at generation 0 (no policy: everything denied). */
    public static PolicyStore create(Clock clock) {
        return new PolicyStore(clock, CompiledPolicies.DEFAULT_CACHE_SIZE);
    }

    /** A store whose generations cache up to {@code cacheSize} device views (0: none). */
    public static PolicyStore create(Clock clock, int cacheSize) {
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize: " + cacheSize + " (expected: >= 0)");
        }
        return new PolicyStore(clock, cacheSize);
    }

    /** The generation in force. */
    public CompiledPolicies current() {
        return current.get();
    }

    /**
     * Compiles {@code next} as the next generation, puts it in force and tells the listeners.
     * If compiling fails, the rejection is recorded as by {@link #reject} and rethrown; the
     * current generation stays.
     */
    public synchronized CompiledPolicies swap(PolicySet next) {
        requireNonNull(next, "next");
        CompiledPolicies previous = current.get();
        CompiledPolicies compiled;
        try {
            compiled = CompiledPolicies.compile(next, previous.generation() + 1, clock, cacheSize);
        } catch (RuntimeException e) {
            reject("compile", List.of(String.valueOf(e.getMessage())));
            throw e;
        }
        current.set(compiled);
        swaps++;
        log.info("policy generation {} in force: {} policies, {} rules, {} registry devices", compiled.generation(),
                next.policies().size(), compiled.ruleCount(), next.registry().devices().size());
        for (PolicyListener l : listeners) {
            try {
                l.policiesChanged(previous, compiled);
            } catch (RuntimeException e) {
                log.warn("policy listener {} failed on generation {}", l, compiled.generation(), e);
            }
        }
        return compiled;
    }

    /** Records a reload of {@code source} refused for {@code problems} (file:line:col each); keeps the current generation. */
    public synchronized void reject(String source, List<String> problems) {
        requireNonNull(source, "source");
        requireNonNull(problems, "problems");
        long kept = current.get().generation();
        lastRejection.set(new Rejection(source, problems, clock.instant(), kept));
        rejections++;
        log.error("policy reload of {} refused, generation {} stays in force: {}", source, kept, problems);
    }

    /** The last refused reload, if any. */
    public Optional<Rejection> lastRejection() {
        return Optional.ofNullable(lastRejection.get());
    }

    /** How many generations were swapped in. */
    public synchronized long swaps() {
        return swaps;
    }

    /** How many reloads were refused. */
    public synchronized long rejections() {
        return rejections;
    }

    /** Tells {@code listener} about every later swap; returns a handle that removes it. */
    public AutoCloseable addListener(PolicyListener listener) {
        listeners.add(requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    @Override
    public Decision decide(DeviceContext device, Request request) {
        return current.get().decide(device, request);
    }

    @Override
    public Limits limitsFor(DeviceContext device) {
        return current.get().limitsFor(device);
    }

    @Override
    public Explanation explain(DeviceContext device, Request request) {
        return current.get().explain(device, request);
    }

    @Override
    public long generation() {
        return current.get().generation();
    }
}
