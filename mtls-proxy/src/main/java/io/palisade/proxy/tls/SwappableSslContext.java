package io.palisade.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.ReferenceCounted;

/**
 * A server {@link SslContext} whose underlying context can be replaced while listeners run: each
 * new connection gets its engine from the context current at accept time, connections already
 * open keep the engine (and the certificate) they started with. This is how the gateway's own
 * certificate is renewed without dropping a device.
 *
 * <p>Handlers are created by the current context's own {@code newHandler}, so BoringSSL keeps its
 * fast path (no JDK compatibility mode). Only server contexts created without STARTTLS are meant
 * to be wrapped.
 */
public final class SwappableSslContext extends SslContext {

    private final AtomicReference<SslContext> current;

    public SwappableSslContext(SslContext initial) {
        requireNonNull(initial, "initial");
        if (initial.isClient()) {
            throw new IllegalArgumentException("initial: a client context (expected: a server context)");
        }
        this.current = new AtomicReference<>(initial);
    }

    /** The context new connections get now. */
    public SslContext current() {
        return current.get();
    }

    /**
     * Runs {@code use} (which makes an engine) on the current context, holding a reference to it
     * meanwhile when it is reference counted: whoever swapped it out may release it at any time,
     * and an engine takes its own reference only once made. A context already released is the old
     * one, so the current one is read again.
     */
    private <T> T withCurrent(Function<SslContext, T> use) {
        while (true) {
            SslContext c = current.get();
            if (!(c instanceof ReferenceCounted counted)) {
                return use.apply(c);
            }
            try {
                counted.retain();
            } catch (IllegalReferenceCountException released) {
                continue; // swapped out and released since it was read
            }
            try {
                return use.apply(c);
            } finally {
                counted.release();
            }
        }
    }

    /**
     * Makes {@code next} the context of every connection accepted from now on; returns the one it
     * replaces, which the caller may release at once (engines being made from it hold it).
     */
    public SslContext swap(SslContext next) {
        requireNonNull(next, "next");
        if (next.isClient()) {
            throw new IllegalArgumentException("next: a client context (expected: a server context)");
        }
        return current.getAndSet(next);
    }

    @Override
    public boolean isClient() {
        return false;
    }

    @Override
    public List<String> cipherSuites() {
        return current().cipherSuites();
    }

    @Override
    public long sessionCacheSize() {
        return current().sessionCacheSize();
    }

    @Override
    public long sessionTimeout() {
        return current().sessionTimeout();
    }

    @Override
    public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
        return current().applicationProtocolNegotiator();
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc) {
        return withCurrent(c -> c.newEngine(alloc));
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
        return withCurrent(c -> c.newEngine(alloc, peerHost, peerPort));
    }

    @Override
    public SSLSessionContext sessionContext() {
        return current().sessionContext();
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, boolean startTls) {
        return withCurrent(c -> c.newHandler(alloc));
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, boolean startTls, Executor executor) {
        return withCurrent(c -> c.newHandler(alloc, executor));
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, String peerHost, int peerPort, boolean startTls) {
        return withCurrent(c -> c.newHandler(alloc, peerHost, peerPort));
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, String peerHost, int peerPort, boolean startTls,
                                    Executor executor) {
        return withCurrent(c -> c.newHandler(alloc, peerHost, peerPort, executor));
    }
}
