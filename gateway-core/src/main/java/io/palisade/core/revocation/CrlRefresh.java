package io.palisade.core.revocation;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;

/**
 * When to fetch a distribution point's CRL again: well before the one in hand goes stale, and
 * with growing pauses while the distribution point fails.
 *
 * <ul>
 *   <li>after a good fetch: at {@code thisUpdate + fraction × (nextUpdate − thisUpdate)} (80% of
 *       the validity window by default), but not sooner than {@code minInterval} from now, so a
 *       CRL valid for minutes does not turn into a busy loop;</li>
 *   <li>after the n-th failure in a row: {@code initialBackoff × 2^(n−1)}, at most {@code maxBackoff}.</li>
 * </ul>
 *
 * @param fraction       the share of the validity window after which to refresh, in (0, 1]
 * @param minInterval    the shortest pause between two fetches of one URL after a success
 * @param initialBackoff the pause after a first failure
 * @param maxBackoff     the longest pause after failures
 */
public record CrlRefresh(double fraction, Duration minInterval, Duration initialBackoff, Duration maxBackoff) {

    /** 80% of the validity window; at least 30 s apart; backoff 10 s doubling up to 10 min. */
    public static final CrlRefresh DEFAULT = new CrlRefresh(0.8, Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofMinutes(10));

    public CrlRefresh {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction: " + fraction + " (expected: > 0 and <= 1)");
        }
        positive(minInterval, "minInterval");
        positive(initialBackoff, "initialBackoff");
        positive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff: " + maxBackoff + " (expected: >= initialBackoff " + initialBackoff + ")");
        }
    }

    /** When to fetch again after {@code crl} was fetched at {@code now}. */
    public Instant after(X509CRL crl, Instant now) {
        requireNonNull(crl, "crl");
        requireNonNull(now, "now");
        Instant earliest = now.plus(minInterval);
        if (crl.getNextUpdate() == null) {
            return earliest.isAfter(now.plus(maxBackoff)) ? earliest : now.plus(maxBackoff);
        }
        Instant thisUpdate = crl.getThisUpdate().toInstant();
        long window = Duration.between(thisUpdate, crl.getNextUpdate().toInstant()).toMillis();
        Instant at = thisUpdate.plusMillis(Math.max(0, (long) (window * fraction)));
        return at.isBefore(earliest) ? earliest : at;
    }

    /** When to try again at {@code now}, after {@code failures} (>= 1) failures in a row. */
    public Instant afterFailure(int failures, Instant now) {
        requireNonNull(now, "now");
        if (failures < 1) {
            throw new IllegalArgumentException("failures: " + failures + " (expected: >= 1)");
        }
        Duration pause = initialBackoff;
        for (int i = 1; i < failures && pause.compareTo(maxBackoff) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return now.plus(pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause);
    }

    private static void positive(Duration d, String name) {
        requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
    }
}
