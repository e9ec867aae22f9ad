package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.core.pki.LocalCa;
import io.palisade.core.pki.PemFiles;
import io.palisade.core.revocation.CrlRefresh;

/**
 * Keeps the local CA's {@code crl.pem} current while the gateway runs: the gateway holds the
 * device CA's key, so rather than let the CRL go stale (and, with {@code whenUnavailable: deny},
 * lock every local device out a day later) it publishes a new one at 80% of the current one's
 * validity ({@link CrlRefresh}), then reloads trust. A failure is logged and retried with backoff.
 * {@link #refreshIfDue} does the same once, at load, for a gateway that was down past that point.
 */
final class LocalCrlKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("palisade.gateway");

    private final Path pki;
    private final Clock clock;
    private final Runnable reloadTrust;
    private final Thread thread;
    private volatile boolean closed;

    LocalCrlKeeper(Path pki, Clock clock, Runnable reloadTrust) {
        this.pki = requireNonNull(pki, "pki");
        this.clock = requireNonNull(clock, "clock");
        this.reloadTrust = requireNonNull(reloadTrust, "reloadTrust");
        this.thread = new Thread(this::run, "palisade-local-crl");
        thread.setDaemon(true);
    }

    LocalCrlKeeper start() {
        thread.start();
        return this;
    }

    /** Publishes a new CRL of {@code ca} when the one in {@code crl.pem} is past its refresh point; returns the CRL in force. */
    static X509CRL refreshIfDue(LocalCa ca, Clock clock) throws IOException {
        X509CRL crl = PemFiles.readCrl(ca.directory().resolve(LocalCa.CRL));
        if (!clock.instant().isBefore(due(crl))) {
            crl = ca.publishCrl();
            log.info("local CA CRL published, the last one was due for renewal (next update {})", crl.getNextUpdate().toInstant());
        }
        return crl;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    private static Instant due(X509CRL crl) {
        return CrlRefresh.DEFAULT.after(crl, crl.getThisUpdate().toInstant());
    }

    private void run() {
        int failures = 0;
        Object monitor = new Object();
        try {
            while (!closed) {
                Instant next;
                try {
                    X509CRL crl = PemFiles.readCrl(pki.resolve(LocalCa.CRL));
                    if (!clock.instant().isBefore(due(crl))) {
                        crl = LocalCa.load(pki, clock).publishCrl();
                        log.info("local CA CRL published (next update {})", crl.getNextUpdate().toInstant());
                        reloadTrust.run();
                    }
                    failures = 0;
                    next = due(crl);
                } catch (IOException | RuntimeException e) {
                    failures++;
                    next = CrlRefresh.DEFAULT.afterFailure(failures, clock.instant());
                    log.warn("cannot keep the local CA's CRL current ({}); retrying at {}", e.toString(), next);
                }
                long millis = Duration.between(clock.instant(), next).toMillis();
                if (millis > 0) {
                    synchronized (monitor) {
                        monitor.wait(Math.min(millis, Duration.ofHours(1).toMillis()));
                    }
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }
}
