package io.palisade.adapters.mqtt.cloud;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Looks the cloud broker's host name up away from the event loops. The HiveMQ client resolves an
 * unresolved address with a blocking lookup on the thread of its connection, which is a device's
 * event loop when the link shares it ({@link DeviceLoopGroup}): a slow or unreachable DNS server
 * would stall every device on that loop. So every link is given a resolved address, looked up here
 * on at most two daemon threads (idle ones end after 30 s); the name stays attached to the address
 * for TLS server name indication and host name verification.
 */
final class BrokerAddress {

    private static final Executor LOOKUPS = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), new DefaultThreadFactory("palisade-mqtt-dns", true));

    static {
        ((ThreadPoolExecutor) LOOKUPS).allowCoreThreadTimeOut(true);
    }

    private BrokerAddress() {}

    /** {@code broker}'s address, resolved on a lookup thread (completes there). */
    static CompletableFuture<InetSocketAddress> resolve(CloudBroker broker) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new InetSocketAddress(InetAddress.getByName(broker.host()), broker.port());
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, LOOKUPS);
    }
}
