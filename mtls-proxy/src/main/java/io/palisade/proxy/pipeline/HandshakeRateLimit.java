package io.palisade.proxy.pipeline;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.palisade.proxy.events.RefusalReason;

/**
 * How many new connections (each one a TLS handshake to pay for) one source address may open:
 * a token bucket per address holding up to one second's worth, refilled continuously. Bounded:
 * at most {@code maxTracked} addresses are remembered; when the table is full, addresses whose
 * bucket has refilled are forgotten, and if none has, a new address is let through untracked
 * (identity is still verified; only the rate limit is skipped) rather than refused.
 */
public final class HandshakeRateLimit {

    private static final class Bucket {
        double tokens;
        long updatedMillis;
    }

    /** Stands for a peer without an IP address (never the case for TCP; kept fail-safe). */
    private static final InetAddress UNKNOWN = InetAddress.getLoopbackAddress();

    private final int perSecond;
    private final int maxTracked;
    private final Clock clock;
    private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    public HandshakeRateLimit(int perSecond, int maxTracked, Clock clock) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("handshakesPerSecondPerAddress: " + perSecond + " (expected: > 0)");
        }
        if (maxTracked <= 0) {
            throw new IllegalArgumentException("maxTracked: " + maxTracked + " (expected: > 0)");
        }
        this.perSecond = perSecond;
        this.maxTracked = maxTracked;
        this.clock = requireNonNull(clock, "clock");
    }

    /** Whether {@code address} may start one more handshake now; takes a token if so. */
    public boolean tryAcquire(InetAddress address) {
        requireNonNull(address, "address");
        long now = clock.millis();
        if (!buckets.containsKey(address) && buckets.size() >= maxTracked && !forgetRefilled(now)) {
            return true;
        }
        boolean[] granted = new boolean[1];
        buckets.compute(address, (a, b) -> {
            Bucket bucket = b != null ? b : fresh(now);
            refill(bucket, now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                granted[0] = true;
            }
            return bucket;
        });
        return granted[0];
    }

    /**
     * Takes a token for the address of {@code conn} (after any PROXY header); if none is left,
     * refuses it ({@link RefusalReason#HANDSHAKE_RATE_LIMIT}) and returns false: the caller closes.
     */
    public boolean admit(ConnectionContext conn) {
        InetSocketAddress remote = conn.remote();
        if (tryAcquire(remote.getAddress() != null ? remote.getAddress() : UNKNOWN)) {
            return true;
        }
        conn.refuse(RefusalReason.HANDSHAKE_RATE_LIMIT, "more than " + perSecond + " handshakes per second from "
                + remote.getHostString() + " (handshakesPerSecondPerAddress)");
        return false;
    }

    /** How many addresses are remembered now. */
    public int tracked() {
        return buckets.size();
    }

    public int perSecond() {
        return perSecond;
    }

    private Bucket fresh(long now) {
        Bucket b = new Bucket();
        b.tokens = perSecond;
        b.updatedMillis = now;
        return b;
    }

    private void refill(Bucket b, long now) {
        long elapsed = Math.max(0, now - b.updatedMillis);
        b.tokens = Math.min(perSecond, b.tokens + elapsed * perSecond / 1000.0);
        b.updatedMillis = now;
    }

    /** Forgets addresses whose bucket is full again; true if room was made. */
    private boolean forgetRefilled(long now) {
        buckets.entrySet().removeIf(e -> {
            Bucket b = e.getValue();
            return b.tokens + Math.max(0, now - b.updatedMillis) * perSecond / 1000.0 >= perSecond;
        });
        return buckets.size() < maxTracked;
    }
}
