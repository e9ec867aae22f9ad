package io.palisade.adapters.mqtt.cloud;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;

import io.palisade.core.identity.DeviceId;

/** A device's session at the cloud broker on one HiveMQ MQTT 3.1.1 client. */
final class HiveMqLink implements CloudLink {

    /** How often the gateway pings the broker on an otherwise idle session. */
    private static final int KEEP_ALIVE_SECONDS = 60;

    private final Executor executor;
    private final Listener listener;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Mqtt3AsyncClient client;
    private volatile boolean opened;
    private volatile boolean closed;
    private Optional<CloudMessage> will = Optional.empty();

    HiveMqLink(CloudBroker broker, DeviceId device, Executor executor, Listener listener, Duration minBackoff, Duration maxBackoff) {
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
        Mqtt3ClientBuilder b = MqttClient.builder().useMqttVersion3().identifier(device.value())
                .serverHost(broker.host()).serverPort(broker.port())
                .addConnectedListener(ctx -> connected((Mqtt3ClientConnectedContext) ctx))
                .addDisconnectedListener(ctx -> disconnected((Mqtt3ClientDisconnectedContext) ctx));
        broker.tls().ifPresent(tls -> b.sslConfig(MqttClientSslConfig.builder()
                .keyManagerFactory(tls.keyManagers()).trustManagerFactory(tls.trustManagers()).build()));
        this.client = b.buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::received, this.executor, true);
    }

    @Override
    public CompletionStage<Boolean> connect(CloudConnect connect) {
        this.will = connect.will();
        Mqtt3ConnectBuilder.Send<CompletableFuture<com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck>> c =
                client.connectWith().cleanSession(connect.cleanSession()).keepAlive(KEEP_ALIVE_SECONDS);
        connect.will().ifPresent(w -> c.willPublish(toPublish(w)));
        return c.send().handleAsync((ack, error) -> {
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
        }, executor);
    }

    private void connected(Mqtt3ClientConnectedContext ctx) {
        if (opened && !closed) {
            boolean present = ctx.getConnAck().isSessionPresent();
            executor.execute(() -> listener.reconnected(present));
        }
    }

    private void disconnected(Mqtt3ClientDisconnectedContext ctx) {
        var reconnector = ctx.getReconnector();
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
                .delay(delay, TimeUnit.MILLISECONDS);
    }

    private void received(Mqtt3Publish publish) {
        CloudMessage message = new CloudMessage(publish.getTopic().toString(), publish.getPayloadAsBytes(),
                publish.getQos().getCode(), publish.isRetain());
        listener.message(message, publish::acknowledge);
    }

    @Override
    public CompletionStage<Void> publish(CloudMessage message) {
        if (!isConnected()) {
            return CompletableFuture.failedFuture(new IllegalStateException("cloud link not connected"));
        }
        return client.publish(toPublish(message)).thenApplyAsync(p -> (Void) null, executor);
    }

    @Override
    public CompletionStage<Integer> subscribe(String filter, int qos) {
        return client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send()
                .thenApplyAsync(ack -> ack.getReturnCodes().get(0).getCode(), executor);
    }

    @Override
    public CompletionStage<Void> unsubscribe(String filter) {
        return client.unsubscribeWith().topicFilter(filter).send().thenApplyAsync(v -> (Void) null, executor);
    }

    @Override
    public boolean isConnected() {
        return client.getState().isConnected();
    }

    @Override
    public void close(boolean publishWill) {
        if (closed) {
            return;
        }
        closed = true;
        if (!isConnected()) {
            client.disconnect();
            return;
        }
        CompletableFuture<?> first = publishWill && will.isPresent()
                ? client.publish(toPublish(will.get())).handle((p, e) -> null)
                : CompletableFuture.completedFuture(null);
        first.thenCompose(x -> client.disconnect());
    }

    private static Mqtt3Publish toPublish(CloudMessage m) {
        return Mqtt3Publish.builder().topic(m.topic()).payload(m.payload()).qos(MqttQos.fromCode(m.qos())).retain(m.retain()).build();
    }
}
