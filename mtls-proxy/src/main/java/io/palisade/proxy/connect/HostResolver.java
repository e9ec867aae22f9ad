package io.palisade.proxy.connect;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Resolves the host name a device asked to CONNECT to, without blocking the event loop. The
 * gateway resolves names itself and judges the addresses it will connect to, so a name that
 * resolves into a denied range (DNS rebinding) is refused. Tests inject their own mapping.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * The addresses of {@code host} (never an IP literal: those are not resolved), in the order
     * to try; completes exceptionally, or with an empty list, when the name does not resolve.
     * May complete on any thread.
     */
    CompletionStage<List<InetAddress>> resolve(String host);

    /**
     * The JVM's resolver ({@link InetAddress#getAllByName}, with its cache), run on a small
     * bounded pool of daemon threads shared by the gateway: at most {@value SystemResolver#THREADS}
     * look-ups at once and {@value SystemResolver#QUEUE} waiting; beyond that a look-up fails at
     * once rather than queueing without bound.
     */
    static HostResolver system() {
        return SystemResolver.INSTANCE;
    }
}
