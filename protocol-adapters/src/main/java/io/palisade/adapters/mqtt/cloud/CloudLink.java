package io.palisade.adapters.mqtt.cloud;

import java.util.concurrent.CompletionStage;

/**
 * One device's session at the cloud broker. The gateway opens one link per connected device,
 * under the device's own id as MQTT client id, so the broker sees every device as itself:
 * sessions, wills and retained messages behave exactly as the broker defines them.
 *
 * <p>Every stage completes on the executor the link was opened with (the device's event loop), and
 * every {@link Listener} call is made there, so the device's state needs no locks.
 */
public interface CloudLink {

    /** Told what happens at the cloud side of the session. */
    interface Listener {

        /**
         * A message the broker sent for one of the device's subscriptions. For QoS 1 and 2, call
         * {@code acknowledge} once the device has it: until then the broker is not told, and
         * redelivers it if the session is lost.
         */
        void message(CloudMessage message, Runnable acknowledge);

        /** The connection to the broker was lost after the session was opened; the link reconnects by itself. */
        void connectionLost(Throwable cause);

        /** The link is connected again; without {@code sessionPresent} the broker forgot the subscriptions. */
        void reconnected(boolean sessionPresent);
    }

    /**
     * Opens the session. Completes with whether the broker still had a session for this client id,
     * or fails: {@link CloudRefusedException} when the broker refused, another exception when it
     * could not be reached.
     */
    CompletionStage<Boolean> connect(CloudConnect connect);

    /**
     * Publishes; completes when the broker has the message (QoS 1 and 2) or it was written (QoS 0),
     * with a value of the implementation's (the broker's answer, or nothing) that callers ignore.
     */
    CompletionStage<?> publish(CloudMessage message);

    /** Subscribes; completes with the QoS the broker granted, or {@code 0x80} when it refused. */
    CompletionStage<Integer> subscribe(String filter, int qos);

    /** Unsubscribes. */
    CompletionStage<Void> unsubscribe(String filter);

    /**
     * Whether the link stops taking messages from the broker for now. While held it does not read
     * from the broker's connection, so TCP flow control holds the broker back, and the broker keeps
     * the session's messages (within its own limits) until the link takes them again; the broker's
     * acknowledgements of the device's publishes wait too, as they come on the same connection.
     * Holding survives a reconnection. An implementation that cannot hold ignores it.
     */
    default void holdMessages(boolean hold) {}

    /** Whether the session is connected now. */
    boolean isConnected();

    /**
     * Ends the session. With {@code publishWill}, the device went away without a DISCONNECT, so
     * its will is published first as the broker would have done. Idempotent.
     */
    void close(boolean publishWill);
}
