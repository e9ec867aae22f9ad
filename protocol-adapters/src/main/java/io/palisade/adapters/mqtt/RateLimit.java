package io.palisade.adapters.mqtt;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import io.palisade.core.policy.model.Limits;

/**
 * A device's message and byte budgets from policy ({@link Limits#messagesPerSecond()},
 * {@link Limits#bytesPerSecond()}): token buckets holding one second's worth, refilled
 * continuously. Charging may take a bucket below zero; the answer is how long the device must then
 * wait (its reading is paused that long), so traffic is shaped rather than dropped. Not thread-safe:
 * used on the device's event loop, with that loop's ticker.
 */
final class RateLimit {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final Bucket messages;
    private final Bucket bytes;

    RateLimit(Limits limits, long nowNanos) {
        OptionalInt m = limits.messagesPerSecond();
        OptionalLong b = limits.bytesPerSecond();
        this.messages = m.isPresent() ? new Bucket(m.getAsInt(), nowNanos) : null;
        this.bytes = b.isPresent() ? new Bucket(b.getAsLong(), nowNanos) : null;
    }

    /** Whether any limit is set. */
    boolean limited() {
        return messages != null || bytes != null;
    }

    /** Takes {@code messageCount} messages and {@code byteCount} bytes; returns the nanoseconds to wait (0: none). */
    long charge(long nowNanos, int messageCount, long byteCount) {
        long wait = 0;
        if (messages != null && messageCount > 0) {
            wait = Math.max(wait, messages.take(nowNanos, messageCount));
        }
        if (bytes != null && byteCount > 0) {
            wait = Math.max(wait, bytes.take(nowNanos, byteCount));
        }
        return wait;
    }

    private static final class Bucket {
        private final double perSecond;
        private double tokens;
        private long last;

        Bucket(double perSecond, long nowNanos) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
            this.last = nowNanos;
        }

        long take(long now, double amount) {
            tokens = Math.min(perSecond, tokens + (now - last) * perSecond / SECOND);
            last = now;
            tokens -= amount;
            return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * SECOND / perSecond);
        }
    }
}
