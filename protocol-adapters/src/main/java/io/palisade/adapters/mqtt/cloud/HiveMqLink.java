package io.palisade.adapters.mqtt.cloud;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.internal.mqtt.MqttClientConnectionConfig;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientReconnector;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;

import io.palisade.core.identity.DeviceId;
import io.reactivex.schedulers.Schedulers;

/**
 * A device's session at the cloud broker on one HiveMQ MQTT 3.1.1 client. The client runs on the
 * device's event loop when it can ({@link DeviceLoopGroup}), and hands every result and message to
 * the device's executor (its application scheduler), so a publish and its acknowledgement stay on
 * one thread. The broker's address is looked up off the loop ({@link BrokerAddress}) before the
 * first connection and before every reconnection.
 */
final class HiveMqLink implements CloudLink {

    /** How often the gateway pings the broker on an otherwise idle session. */
    private static final int KEEP_ALIVE_SECONDS = 60;

    private final CloudBroker broker;
    private final DeviceId device;
    private final Executor deviceLoop;
    private final Executor executor;
    private final Listener listener;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private volatile Mqtt3AsyncClient client;
    private volatile boolean opened;
    private volatile boolean closed;
    private volatile boolean holding;
    private Optional<CloudMessage> will = Optional.empty();

    HiveMqLink(CloudBroker broker, DeviceId device, Executor executor, Listener listener, Duration minBackoff, Duration maxBackoff) {
        this.broker = broker;
        this.device = device;
        this.deviceLoop = executor;
        this.executor = task -> {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                // the device's event loop is shut down (gateway stopping): nobody is left to tell
            }
        };
        this.listener = listener;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public CompletionStage<Boolean> connect(CloudConnect connect) {
        this.will = connect.will();
        return BrokerAddress.resolve(broker).thenComposeAsync(address -> {
            synchronized (this) { // close() may run on another thread (session takeover)
                if (closed) {
                    throw new CompletionException(new IllegalStateException("cloud link closed before it connected"));
                }
                client = build(address);
                Mqtt3ConnectBuilder.Send<CompletableFuture<Mqtt3ConnAck>> c = client.connectWith().cleanSession(connect.cleanSession()).keepAlive(KEEP_ALIVE_SECONDS);
                connect.will().ifPresent(w -> c.willPublish(toPublish(w)));
                return c.send();
            }
        }, executor).handle((ack, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof Mqtt3ConnAckException refused) {
                    int code = refused.getMqttMessage().getReturnCode().getCode();
                    throw new CloudRefusedException(code, "refused with return code " + code);
                }
                throw new CompletionException(cause);
            }
            opened = true;
            return ack.isSessionPresent();
        });
    }

    private Mqtt3AsyncClient build(InetSocketAddress address) {
        var executors = MqttClientExecutorConfig.builder();
        Optional<DeviceLoopGroup> shared = DeviceLoopGroup.of(deviceLoop);
        if (shared.isPresent()) {
            // the client's thread is the device's: results and messages are handed over where they arise
            executors.nettyExecutor(shared.get()).applicationScheduler(Schedulers.trampoline());
        } else {
            executors.applicationScheduler(Schedulers.from(executor));
        }
        Mqtt3ClientBuilder b = MqttClient.builder().useMqttVersion3().identifier(device.value())
                .serverAddress(address).executorConfig(executors.build())
                .addConnectedListener(ctx -> connected((Mqtt3ClientConnectedContext) ctx))
                .addDisconnectedListener(ctx -> disconnected((Mqtt3ClientDisconnectedContext) ctx));
        broker.tls().ifPresent(tls -> b.sslConfig(MqttClientSslConfig.builder()
                .keyManagerFactory(tls.keyManagers()).trustManagerFactory(tls.trustManagers()).build()));
        Mqtt3AsyncClient c = b.buildAsync();
        c.publishes(MqttGlobalPublishFilter.ALL, this::received, true);
        return c;
    }

    private void connected(Mqtt3ClientConnectedContext ctx) {
        applyHold(); // a new connection reads until told otherwise
        if (opened && !closed) {
            boolean present = ctx.getConnAck().isSessionPresent();
            executor.execute(() -> listener.reconnected(present));
        }
    }

    private void disconnected(Mqtt3ClientDisconnectedContext ctx) {
        Mqtt3ClientReconnector reconnector = ctx.getReconnector();
        if (closed || !opened) {
            reconnector.reconnect(false);
            return;
        }
        int attempts = reconnector.getAttempts();
        if (attempts == 0) {
            Throwable cause = ctx.getCause();
            executor.execute(() -> listener.connectionLost(cause));
        }
        long delay = Math.min(maxBackoff.toMillis(), minBackoff.toMillis() << Math.min(attempts, 16));
        reconnector.reconnect(true).resubscribeIfSessionExpired(false).republishIfSessionExpired(false)
                .delay(delay, TimeUnit.MILLISECONDS)
                // looked up again during the back-off: the broker may have moved; on failure the old address is tried
                .reconnectWhen(BrokerAddress.resolve(broker), (address, error) -> {
                    if (address != null) {
                        reconnector.transportConfig().serverAddress(address).applyTransportConfig();
                    }
                });
    }

    private void received(Mqtt3Publish publish) {
        CloudMessage message = new CloudMessage(publish.getTopic().toString(), publish.getPayloadAsBytes(),
                publish.getQos().getCode(), publish.isRetain());
        listener.message(message, publish::acknowledge);
    }

    @Override
    public CompletionStage<?> publish(CloudMessage message) {
        if (!isConnected()) {
            return CompletableFuture.failedFuture(new IllegalStateException("cloud link not connected"));
        }
        return client.publish(toPublish(message));
    }

    @Override
    public CompletionStage<Integer> subscribe(String filter, int qos) {
        return client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send()
                .thenApply(ack -> ack.getReturnCodes().get(0).getCode());
    }

    @Override
    public CompletionStage<Void> unsubscribe(String filter) {
        return client.unsubscribeWith().topicFilter(filter).send().thenApply(v -> (Void) null);
    }

    @Override
    public void holdMessages(boolean hold) {
        holding = hold;
        applyHold();
    }

    /**
     * Reads from the broker's connection unless {@link #holding}. The HiveMQ client never changes
     * its channel's auto-read itself, so the switch is the link's alone; its public API does not
     * show the channel, its connection configuration (an internal class, version pinned) does.
     */
    private void applyHold() {
        Mqtt3AsyncClient c = client;
        if (c != null) {
            c.getConfig().getConnectionConfig().ifPresent(config -> {
                if (config instanceof MqttClientConnectionConfig internal) {
                    internal.getChannel().config().setAutoRead(!holding);
                }
            });
        }
    }

    @Override
    public boolean isConnected() {
        Mqtt3AsyncClient c = client;
        return c != null && c.getState().isConnected();
    }

    @Override
    public void close(boolean publishWill) {
        Mqtt3AsyncClient c;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            c = client;
        }
        if (c == null) {
            return;
        }
        if (!c.getState().isConnected()) {
            c.disconnect();
            return;
        }
        CompletableFuture<?> first = publishWill && will.isPresent()
                ? c.publish(toPublish(will.get())).handle((p, e) -> null)
                : CompletableFuture.completedFuture(null);
        first.thenCompose(x -> c.disconnect());
    }

    private static Mqtt3Publish toPublish(CloudMessage m) {
        return Mqtt3Publish.builder().topic(m.topic()).payload(m.payload()).qos(MqttQos.fromCode(m.qos())).retain(m.retain()).build();
    }
}
