package io.palisade.bench.mqtt;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import io.palisade.adapters.mqtt.cloud.CloudConnect;
import io.palisade.adapters.mqtt.cloud.CloudConnector;
import io.palisade.adapters.mqtt.cloud.CloudLink;
import io.palisade.adapters.mqtt.cloud.CloudMessage;
import io.palisade.core.identity.DeviceId;

/**
 * A cloud broker that has every message the moment it is handed over: what remains of a publish's
 * cost is the gateway's own (decoding, policy, bookkeeping, the acknowledgement). Counts what it got.
 */
final class InMemoryCloud implements CloudConnector {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    long published;
    long bytes;

    @Override
    public CloudLink open(DeviceId device, Executor executor, CloudLink.Listener listener) {
        return new CloudLink() {
            @Override
            public CompletionStage<Boolean> connect(CloudConnect connect) {
                return CompletableFuture.completedFuture(false);
            }

            @Override
            public CompletionStage<Void> publish(CloudMessage message) {
                published++;
                bytes += message.payload().length;
                return DONE;
            }

            @Override
            public CompletionStage<Integer> subscribe(String filter, int qos) {
                return CompletableFuture.completedFuture(qos);
            }

            @Override
            public CompletionStage<Void> unsubscribe(String filter) {
                return DONE;
            }

            @Override
            public boolean isConnected() {
                return true;
            }

            @Override
            public void close(boolean publishWill) {
            }
        };
    }
}
