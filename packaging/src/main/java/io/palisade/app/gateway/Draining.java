package io.palisade.app.gateway;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.palisade.core.identity.DeviceIdentity;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.admission.AdmissionDecision;
import io.palisade.proxy.admission.DeviceAdmission;
import io.palisade.proxy.events.ConnectionClosed;
import io.palisade.proxy.events.HandshakeSucceeded;
import io.palisade.proxy.events.ProxyEvents;

/**
 * The graceful part of a shutdown: counts admitted connections, and once {@link #start() draining}
 * refuses every new device (audit detail {@value #REASON}) while the connections already relaying
 * finish, up to a deadline ({@link #awaitIdle}).
 *
 * <p>Wraps the admission that decides otherwise; installed as both the proxy's admission and one of
 * its event listeners.
 */
final class Draining implements DeviceAdmission, ProxyEvents {

    static final String REASON = "gateway shutting down";

    private final DeviceAdmission delegate;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private long active;
    private volatile boolean draining;

    Draining(DeviceAdmission delegate) {
        this.delegate = delegate;
    }

    @Override
    public AdmissionDecision decide(DeviceIdentity identity, TcpRoute route) {
        return draining ? AdmissionDecision.refuse(REASON) : delegate.decide(identity, route);
    }

    @Override
    public void handshakeSucceeded(HandshakeSucceeded event) {
        lock.lock();
        try {
            active++;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void closed(ConnectionClosed event) {
        lock.lock();
        try {
            if (--active == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Refuses every device from now on. */
    void start() {
        draining = true;
    }

    boolean isDraining() {
        return draining;
    }

    /** Admitted connections open now. */
    long active() {
        lock.lock();
        try {
            return active;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no admitted connection is open, at most {@code deadline}; whether it got there. */
    boolean awaitIdle(Duration deadline) throws InterruptedException {
        long nanos = deadline.toNanos();
        lock.lock();
        try {
            while (active > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
