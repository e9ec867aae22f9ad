package io.palisade.app.metrics;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.palisade.app.gateway.CrlFetch;
import io.palisade.app.gateway.ReloadOutcome;
import io.palisade.app.gateway.Reloadable;

/**
 * Counts reloads, as Prometheus exposes them:
 *
 * <pre>
 * palisade_reloads_total{what="identity"|"trust"|"denylist"|"policy", result="ok"|"failed"}
 * palisade_crl_fetches_total{result="ok"|"failed"}     CRL distribution point fetches ({@link #crlFetch})
 * </pre>
 *
 * Every combination is registered at zero from the start, so an alert on
 * {@code increase(palisade_reloads_total{result="failed"}[5m]) > 0} has a series to watch.
 */
public final class ReloadMetrics implements Consumer<ReloadOutcome> {

    private final MeterRegistry registry;

    public ReloadMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
        for (Reloadable what : Reloadable.values()) {
            counter(what, true);
            counter(what, false);
        }
        fetches(true);
        fetches(false);
    }

    /** Counts one CRL distribution point fetch. */
    public void crlFetch(CrlFetch fetch) {
        fetches(fetch.ok()).increment();
    }

    private Counter fetches(boolean ok) {
        return Counter.builder("palisade.crl.fetches")
                .description("CRL distribution point fetches, by result (failed: the CRL in hand, if any, stays)")
                .tag("result", ok ? "ok" : "failed")
                .register(registry);
    }

    @Override
    public void accept(ReloadOutcome outcome) {
        counter(outcome.what(), outcome.ok()).increment();
    }

    private Counter counter(Reloadable what, boolean ok) {
        return Counter.builder("palisade.reloads")
                .description("Reloads of a part of the gateway, by part and result (failed: the part in force was kept)")
                .tag("what", what.label())
                .tag("result", ok ? "ok" : "failed")
                .register(registry);
    }
}
