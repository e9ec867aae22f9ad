package io.palisade.proxy.pipeline;

import java.util.concurrent.atomic.AtomicInteger;

/** A cap on the device connections open at once, shared by every listener of a gateway. */
public final class ConnectionLimit {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionLimit(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("maxConnections: " + max + " (expected: > 0)");
        }
        this.max = max;
    }

    /** Takes a slot if one is free; the caller must {@link #release()} it when the connection closes. */
    public boolean tryAcquire() {
        for (;;) {
            int now = open.get();
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public void release() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }

    public int max() {
        return max;
    }
}
