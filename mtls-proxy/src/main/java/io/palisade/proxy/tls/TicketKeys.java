package io.palisade.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;

import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;

/**
 * The keys that encrypt TLS session tickets (what lets a device resume a session without a full
 * handshake), rotated: each {@link #rotate()} makes a fresh random key the one that issues new
 * tickets and keeps the previous one only to accept the tickets it issued, so a ticket lives at
 * most two rotation periods. Applies to BoringSSL; the JDK rotates its own ticket keys
 * ({@code jdk.tls.server.statelessKeyTimeout}) and {@link #rotate()} is then a no-op.
 */
public final class TicketKeys {

    private SslContext context;
    private final SecureRandom random;
    private OpenSslSessionTicketKey current;
    private OpenSslSessionTicketKey previous;

    public TicketKeys(SslContext context, SecureRandom random) {
        this.context = requireNonNull(context, "context");
        this.random = requireNonNull(random, "random");
    }

    /** Starts issuing tickets under a new key; returns false when the engine manages its own keys. */
    public synchronized boolean rotate() {
        if (!(context instanceof ReferenceCountedOpenSslContext openSsl)) {
            return false;
        }
        OpenSslSessionTicketKey next = new OpenSslSessionTicketKey(bytes(OpenSslSessionTicketKey.NAME_SIZE),
                bytes(OpenSslSessionTicketKey.HMAC_KEY_SIZE), bytes(OpenSslSessionTicketKey.AES_KEY_SIZE));
        if (current == null) {
            openSsl.sessionContext().setTicketKeys(next);
        } else {
            openSsl.sessionContext().setTicketKeys(next, current);
        }
        previous = current;
        current = next;
        return true;
    }

    /**
     * Moves the keys to {@code next} (a context that replaces the one these keys served, e.g. with
     * a renewed server certificate): it issues and accepts tickets under the same keys, so devices
     * resume across the replacement, and later rotations apply to it.
     */
    public synchronized void moveTo(SslContext next) {
        this.context = requireNonNull(next, "next");
        if (current != null && next instanceof ReferenceCountedOpenSslContext openSsl) {
            if (previous == null) {
                openSsl.sessionContext().setTicketKeys(current);
            } else {
                openSsl.sessionContext().setTicketKeys(current, previous);
            }
        } else {
            rotate();
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
