package io.palisade.adapters.update;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.core.update.ManifestStore;
import io.palisade.core.update.ManifestTarget;
import io.palisade.core.update.ManifestVerdict;

/**
 * Keeps the {@link ManifestStore} fed from a {@link ManifestSource}: every target it knows is
 * fetched again each period, and a target a device asks for that has no manifest yet is fetched
 * at once ({@link #refresh}, once at a time per target). Each document goes through
 * {@link ManifestStore#offer}, so a tampered, expired or rolled-back one is refused there and the
 * last good one stays served. A source that cannot be reached is no refusal but is as loud: logged
 * at ERROR, counted and kept per target for {@code /status}.
 */
public final class ManifestRefresher implements AutoCloseable {

    /** Most targets tracked (a target is tracked only once policy let a device ask for it). */
    public static final int MAX_TARGETS = 4096;

    /** The last fetch of one target that did not reach the store. */
    public record FetchFailure(ManifestTarget target, String detail, Instant at) {}

    /** What the refresher has done, for metrics and {@code /status}. */
    public record Stats(long fetches, long failures, long notFound, int targets, List<FetchFailure> lastFailures) {}

    private static final Logger log = LoggerFactory.getLogger(ManifestRefresher.class);

    private final ManifestSource source;
    private final ManifestStore store;
    private final Executor executor;
    private final Clock clock;
    private final Set<ManifestTarget> targets = ConcurrentHashMap.newKeySet();
    private final Map<ManifestTarget, CompletableFuture<Optional<ManifestVerdict>>> inflight = new ConcurrentHashMap<>();
    private final Map<ManifestTarget, FetchFailure> failures = new ConcurrentHashMap<>();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong notFound = new AtomicLong();
    private volatile ScheduledFuture<?> schedule;

    /** A refresher fetching from {@code source} on {@code executor} (fetches block). */
    public ManifestRefresher(ManifestSource source, ManifestStore store, Executor executor, Clock clock) {
        this.source = requireNonNull(source, "source");
        this.store = requireNonNull(store, "store");
        this.executor = requireNonNull(executor, "executor");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Adds {@code target} to those refreshed each period. */
    public ManifestRefresher watch(ManifestTarget target) {
        track(requireNonNull(target, "target"));
        return this;
    }

    /** Refreshes every known target every {@code period} on {@code scheduler}, the first time at once. */
    public synchronized void start(ScheduledExecutorService scheduler, Duration period) {
        requireNonNull(scheduler, "scheduler");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
        }
        if (schedule != null) {
            throw new IllegalStateException("already started");
        }
        schedule = scheduler.scheduleAtFixedRate(this::refreshAll, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a refresh of every known target. */
    public void refreshAll() {
        targets.forEach(this::refresh);
    }

    /**
     * Fetches {@code target} now (joining a fetch already under way) and offers it to the store.
     * Completes with the store's verdict, or empty when the source had nothing or failed; never
     * exceptionally.
     */
    public CompletableFuture<Optional<ManifestVerdict>> refresh(ManifestTarget target) {
        requireNonNull(target, "target");
        track(target);
        CompletableFuture<Optional<ManifestVerdict>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<ManifestVerdict>> shared = inflight.putIfAbsent(target, mine);
        if (shared != null) {
            return shared;
        }
        try {
            executor.execute(() -> fetch(target, mine));
        } catch (RejectedExecutionException e) {
            finish(target, mine, failure(target, "not started: " + e));
        }
        return mine;
    }

    private void fetch(ManifestTarget target, CompletableFuture<Optional<ManifestVerdict>> flight) {
        fetches.incrementAndGet();
        Optional<ManifestVerdict> verdict;
        try {
            byte[] document = source.fetch(target);
            verdict = Optional.of(store.offer(target, document));
            failures.remove(target);
        } catch (NoSuchFileException e) {
            notFound.incrementAndGet();
            log.info("update manifest for {}: {} has none ({})", target, source, e.getMessage());
            verdict = Optional.empty();
        } catch (IOException | RuntimeException e) {
            verdict = failure(target, e.toString());
        }
        finish(target, flight, verdict);
    }

    private Optional<ManifestVerdict> failure(ManifestTarget target, String detail) {
        failed.incrementAndGet();
        failures.put(target, new FetchFailure(target, detail, clock.instant()));
        log.error("update manifest for {} not fetched from {}, {} stays in force: {}", target, source,
                store.inForce(target).map(m -> "version " + m.manifest().version()).orElse("none"), detail);
        return Optional.empty();
    }

    private void finish(ManifestTarget target, CompletableFuture<Optional<ManifestVerdict>> flight,
                        Optional<ManifestVerdict> verdict) {
        inflight.remove(target, flight);
        flight.complete(verdict);
    }

    private void track(ManifestTarget target) {
        if (targets.size() < MAX_TARGETS || targets.contains(target)) {
            targets.add(target);
        }
    }

    public Stats stats() {
        return new Stats(fetches.get(), failed.get(), notFound.get(), targets.size(), List.copyOf(failures.values()));
    }

    /** Stops the periodic refresh. */
    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
