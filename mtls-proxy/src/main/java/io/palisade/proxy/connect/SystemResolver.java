package io.palisade.proxy.connect;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link HostResolver#system()}: {@link InetAddress#getAllByName} on a bounded pool of daemon threads. */
final class SystemResolver implements HostResolver {

    static final int THREADS = 4;
    static final int QUEUE = 256;
    static final SystemResolver INSTANCE = new SystemResolver();

    private final ThreadPoolExecutor pool;

    private SystemResolver() {
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "palisade-resolver-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public CompletionStage<List<InetAddress>> resolve(String host) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return List.of(InetAddress.getAllByName(host));
                } catch (UnknownHostException e) {
                    throw new CompletionException(e);
                }
            }, pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RejectedExecutionException(
                    "resolver busy: " + THREADS + " look-ups running and " + QUEUE + " waiting"));
        }
    }
}
