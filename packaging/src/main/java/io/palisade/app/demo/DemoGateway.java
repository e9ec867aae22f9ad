package io.palisade.app.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.palisade.app.gateway.AssemblyException;
import io.palisade.app.gateway.Gateway;
import io.palisade.config.LoadResult;
import io.palisade.config.gateway.GatewayConfig;
import io.palisade.config.gateway.GatewayConfigLoader;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.ProxyEvents;

/**
 * The demo's running gateway: assembled from a gateway.yaml exactly as {@code palisade run} does,
 * listening on 127.0.0.1 (ephemeral port) with a fixed route to the demo's echo service, and
 * recording refusals so each step can show the reason the device never sees.
 */
final class DemoGateway implements AutoCloseable {

    private final EchoService echo;
    private final Gateway gateway;
    private final BlockingQueue<ConnectionRefused> refusals = new LinkedBlockingQueue<>();

    private DemoGateway(EchoService echo, Path config, Clock clock) throws IOException, AssemblyException {
        this.echo = echo;
        LoadResult<GatewayConfig> loaded = GatewayConfigLoader.load(config);
        if (!loaded.isLoaded()) {
            throw new IOException("demo gateway.yaml refused: " + loaded.problems());
        }
        ProxyEvents recorder = new ProxyEvents() {
            @Override
            public void refused(ConnectionRefused event) {
                refusals.add(event);
            }
        };
        this.gateway = Gateway.assemble(loaded.orElseThrow(), List.of(recorder), clock);
        gateway.start();
    }

    /** Starts an echo service, writes the gateway's config with {@code configWriter}, and starts the gateway. */
    static DemoGateway start(ConfigWriter configWriter, Clock clock) throws IOException, AssemblyException {
        EchoService echo = new EchoService();
        try {
            return new DemoGateway(echo, configWriter.write(echo.address()), clock);
        } catch (IOException | AssemblyException | RuntimeException e) {
            echo.close();
            throw e;
        }
    }

    /** Writes a gateway.yaml whose route points at the echo service; returns its path. */
    @FunctionalInterface
    interface ConfigWriter {
        Path write(InetSocketAddress echo) throws IOException;
    }

    InetSocketAddress address(String listener) {
        return gateway.listeners().get(listener);
    }

    /** The cloud MQTT broker device sessions go to (the embedded one: no cloud.mqtt.uri in the demo). */
    InetSocketAddress mqttCloud() {
        var broker = gateway.mqttCloud().orElseThrow(() -> new IllegalStateException("no listener serves mqtt"));
        return new InetSocketAddress(broker.host(), broker.port());
    }

    /** How many times the update relay fetched an image from its origin. */
    long originFetches() {
        return gateway.imageCacheStats().map(s -> s.originFetches()).orElse(0L);
    }

    /** The next refusal the gateway reports, waiting at most {@code timeout}; null if none came. */
    ConnectionRefused nextRefusal(Duration timeout) throws InterruptedException {
        return refusals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        gateway.close();
        echo.close();
    }
}
