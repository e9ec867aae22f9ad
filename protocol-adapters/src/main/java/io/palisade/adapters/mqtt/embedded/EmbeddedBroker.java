package io.palisade.adapters.mqtt.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.palisade.adapters.mqtt.cloud.CloudBroker;

/**
 * The default cloud when none is configured: an in-process Moquette broker on loopback, so a new
 * gateway (and {@code palisade demo}) relays MQTT at once. Plain MQTT on 127.0.0.1 only, anonymous
 * (only the gateway can reach it), in memory (no persistence), telemetry, metrics and bug reports
 * off. Not a production cloud: it forgets everything when the gateway stops.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Duration BIND_WAIT = Duration.ofSeconds(10);

    private final Server server = new Server();
    private final int port;

    private EmbeddedBroker(int requestedPort) {
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(requestedPort));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(BrokerConstants.METRICS_ENABLE_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.BUGSNAG_ENABLE_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(8 * 1024 * 1024));
        try {
            server.startServer(new MemoryConfig(p), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded MQTT broker on 127.0.0.1:" + requestedPort, e);
        }
        this.port = requestedPort != 0 ? requestedPort : awaitPort();
    }

    /** Starts a broker on 127.0.0.1, on an ephemeral port. */
    public static EmbeddedBroker start() {
        return new EmbeddedBroker(0);
    }

    /** Starts a broker on 127.0.0.1:{@code port}. */
    public static EmbeddedBroker start(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        return new EmbeddedBroker(port);
    }

    /**
     * Moquette reports its port only once its acceptor has bound, a little after startServer returns;
     * until then its getPort() reads 0, or fails with a ConcurrentModificationException because it
     * reads a HashMap its bind thread is still filling (Moquette 0.17). Both mean: not bound yet.
     */
    private int awaitPort() {
        long deadline = System.nanoTime() + BIND_WAIT.toNanos();
        for (int port = boundPort(); ; port = boundPort()) {
            if (port != 0) {
                return port;
            }
            if (System.nanoTime() > deadline) {
                server.stopServer();
                throw new IllegalStateException("embedded MQTT broker: not bound after " + BIND_WAIT);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private int boundPort() {
        try {
            return server.getPort();
        } catch (java.util.ConcurrentModificationException e) {
            return 0;
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** The broker as the cloud of an {@link io.palisade.adapters.mqtt.MqttStage}. */
    public CloudBroker asCloud() {
        return CloudBroker.plain("127.0.0.1", port);
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
