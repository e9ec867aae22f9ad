package io.palisade.adapters.mqtt.spool;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.adapters.mqtt.cloud.CloudLink;
import io.palisade.adapters.mqtt.cloud.CloudMessage;

/**
 * Gets a device's publishes to the cloud broker without losing one it acknowledged: a QoS 1/2
 * message is answered {@link Outcome#DELIVERED} once the broker has it, or {@link Outcome#SPOOLED}
 * once it is synced to the device's {@link Spool} while the broker is unreachable. When the link
 * is lost, the messages still waiting for the broker go to the spool too, in order, before any
 * later one; when the link returns the spool drains in order (batches, each committed once the
 * broker acknowledged all of it) and new messages queue behind it until it is empty. A message
 * may so reach the broker twice (at least once), never zero times. Without a spool, an
 * unreachable broker is {@link Outcome#UNAVAILABLE} and the caller holds the message.
 * Used on the device's event loop only.
 */
public final class ReliablePublisher {

    /** What became of a message. */
    public enum Outcome {
        /** The broker has it. */
        DELIVERED,
        /** It is durable in the spool and will be delivered when the broker returns. */
        SPOOLED,
        /** The spool has no room for it: not accepted. */
        SPOOL_FULL,
        /** The broker is unreachable and there is no spool: not accepted. */
        UNAVAILABLE,
        /** A QoS 0 message, dropped because the broker is unreachable (at most once). */
        DROPPED
    }

    /**
     * Told what became of one message: on the executor, or at once inside {@link #publish(CloudMessage, Receipt)}
     * when that is already known (a QoS 0 message, an unreachable broker without a spool, a full spool).
     * The caller's own per-message object can be the receipt, so a publish needs no future.
     */
    @FunctionalInterface
    public interface Receipt {
        void outcome(Outcome outcome);
    }

    private static final Logger log = LoggerFactory.getLogger(ReliablePublisher.class);
    private static final int DRAIN_BATCH = 64;

    private final CloudLink link;
    private final Spool spool;
    private final Executor executor;
    private final Runnable onClose;
    /** Waiting for the broker, oldest first; settled ones leave from the head (brokers acknowledge in order). */
    private final ArrayDeque<Pending> inflight = new ArrayDeque<>();
    private final List<Receipt> awaitingSync = new ArrayList<>();
    private boolean draining;
    private boolean closed;

    /** A message the broker has not acknowledged yet, and who to tell; completes the link's stage itself. */
    private final class Pending implements BiConsumer<Object, Throwable> {
        final CloudMessage message;
        final Receipt receipt;
        boolean settled;

        Pending(CloudMessage message, Receipt receipt) {
            this.message = message;
            this.receipt = receipt;
        }

        @Override
        public void accept(Object ignored, Throwable error) {
            if (settled) { // moved to the spool when the link went down
                return;
            }
            settled = true;
            while (!inflight.isEmpty() && inflight.peek().settled) {
                inflight.poll();
            }
            if (error == null) {
                receipt.outcome(Outcome.DELIVERED);
            } else {
                spoolIt(message, receipt);
            }
        }
    }

    /**
     * @param spool   the device's spool, or null for none
     * @param onClose run once by {@link #close()} (gives the spool back)
     */
    public ReliablePublisher(CloudLink link, Spool spool, Executor executor, Runnable onClose) {
        this.link = link;
        this.spool = spool;
        this.executor = executor;
        this.onClose = onClose;
    }

    /** Sends {@code message}; the stage completes on the executor. */
    public CompletionStage<Outcome> publish(CloudMessage message) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        publish(message, result::complete);
        return result;
    }

    /** Sends {@code message} and tells {@code receipt} what became of it (see {@link Receipt} for when). */
    public void publish(CloudMessage message, Receipt receipt) {
        if (message.qos() == 0) {
            if (!link.isConnected()) {
                receipt.outcome(Outcome.DROPPED);
                return;
            }
            link.publish(message);
            receipt.outcome(Outcome.DELIVERED);
            return;
        }
        if (spool == null) {
            if (!link.isConnected()) {
                receipt.outcome(Outcome.UNAVAILABLE);
                return;
            }
            link.publish(message).whenComplete((v, e) -> receipt.outcome(e == null ? Outcome.DELIVERED : Outcome.UNAVAILABLE));
            return;
        }
        if (!link.isConnected() && !inflight.isEmpty()) {
            cloudDown();
        }
        if (!link.isConnected() || draining || !spool.isEmpty()) {
            spoolIt(message, receipt);
            return;
        }
        Pending pending = new Pending(message, receipt);
        inflight.add(pending);
        link.publish(message).whenComplete(pending);
    }

    /** The link was lost: every message still waiting for the broker goes to the spool, in order. */
    public void cloudDown() {
        if (spool == null) {
            return;
        }
        List<Pending> moved = new ArrayList<>(inflight);
        inflight.clear();
        for (Pending p : moved) {
            if (!p.settled) {
                p.settled = true;
                spoolIt(p.message, p.receipt);
            }
        }
    }

    /** The link is up again (or was just opened): drains the spool. */
    public void cloudUp() {
        if (spool != null && !draining && !closed && !spool.isEmpty()) {
            draining = true;
            drain();
        }
    }

    private void drain() {
        List<Spool.Entry> batch;
        try {
            batch = closed || !link.isConnected() ? List.of() : spool.peek(DRAIN_BATCH);
        } catch (IOException e) {
            log.error("spool: cannot read, draining stops", e);
            draining = false;
            return;
        }
        if (batch.isEmpty()) {
            draining = false;
            return;
        }
        CompletableFuture<?>[] sent = batch.stream().map(e -> link.publish(e.message()).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        long end = batch.get(batch.size() - 1).end();
        CompletableFuture.allOf(sent).whenCompleteAsync((v, e) -> {
            if (e != null || closed) {
                // closed: the spool was given back (another publisher may own it now), nothing more is committed here
                draining = false;
                return;
            }
            try {
                spool.commit(end);
            } catch (IOException | IllegalArgumentException x) {
                log.error("spool: cannot commit, draining stops", x);
                draining = false;
                return;
            }
            drain();
        }, executor);
    }

    private void spoolIt(CloudMessage message, Receipt receipt) {
        try {
            if (!spool.append(message)) {
                receipt.outcome(Outcome.SPOOL_FULL);
                return;
            }
        } catch (IOException e) {
            log.error("spool: cannot append", e);
            receipt.outcome(Outcome.SPOOL_FULL);
            return;
        }
        if (awaitingSync.isEmpty()) {
            executor.execute(this::syncBatch);
        }
        awaitingSync.add(receipt);
    }

    /** One fsync for every message appended since the last (they arrived in the same read burst). */
    private void syncBatch() {
        List<Receipt> batch = new ArrayList<>(awaitingSync);
        awaitingSync.clear();
        Outcome outcome = Outcome.SPOOLED;
        try {
            spool.sync();
        } catch (IOException e) {
            log.error("spool: cannot sync", e);
            outcome = Outcome.SPOOL_FULL;
        }
        for (Receipt r : batch) {
            r.outcome(outcome);
        }
    }

    /** Lets go of the spool; what it holds stays on disk for the device's next connection. */
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
