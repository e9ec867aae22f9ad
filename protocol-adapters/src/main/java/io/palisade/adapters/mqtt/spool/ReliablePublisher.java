package io.palisade.adapters.mqtt.spool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

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

    private static final Logger log = LoggerFactory.getLogger(ReliablePublisher.class);
    private static final int DRAIN_BATCH = 64;

    private final CloudLink link;
    private final Spool spool;
    private final Executor executor;
    private final Runnable onClose;
    private final Map<Long, Pending> inflight = new LinkedHashMap<>();
    private final List<CompletableFuture<Outcome>> awaitingSync = new ArrayList<>();
    private long nextSeq;
    private boolean draining;
    private boolean closed;

    private record Pending(CloudMessage message, CompletableFuture<Outcome> result) {}

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
        if (message.qos() == 0) {
            if (!link.isConnected()) {
                return CompletableFuture.completedFuture(Outcome.DROPPED);
            }
            link.publish(message);
            return CompletableFuture.completedFuture(Outcome.DELIVERED);
        }
        if (spool == null) {
            if (!link.isConnected()) {
                return CompletableFuture.completedFuture(Outcome.UNAVAILABLE);
            }
            return link.publish(message).handle((v, e) -> e == null ? Outcome.DELIVERED : Outcome.UNAVAILABLE);
        }
        if (!link.isConnected() && !inflight.isEmpty()) {
            cloudDown();
        }
        if (!link.isConnected() || draining || !spool.isEmpty()) {
            return spoolIt(message);
        }
        long seq = nextSeq++;
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        inflight.put(seq, new Pending(message, result));
        link.publish(message).whenComplete((v, e) -> {
            if (inflight.remove(seq) == null) {
                return;
            }
            if (e == null) {
                result.complete(Outcome.DELIVERED);
            } else {
                spoolIt(message).thenAccept(result::complete);
            }
        });
        return result;
    }

    /** The link was lost: every message still waiting for the broker goes to the spool, in order. */
    public void cloudDown() {
        if (spool == null) {
            return;
        }
        List<Pending> moved = new ArrayList<>(inflight.values());
        inflight.clear();
        for (Pending p : moved) {
            spoolIt(p.message()).thenAccept(p.result()::complete);
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

    private CompletableFuture<Outcome> spoolIt(CloudMessage message) {
        try {
            if (!spool.append(message)) {
                return CompletableFuture.completedFuture(Outcome.SPOOL_FULL);
            }
        } catch (IOException e) {
            log.error("spool: cannot append", e);
            return CompletableFuture.completedFuture(Outcome.SPOOL_FULL);
        }
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        if (awaitingSync.isEmpty()) {
            executor.execute(this::syncBatch);
        }
        awaitingSync.add(result);
        return result;
    }

    /** One fsync for every message appended since the last (they arrived in the same read burst). */
    private void syncBatch() {
        List<CompletableFuture<Outcome>> batch = new ArrayList<>(awaitingSync);
        awaitingSync.clear();
        Outcome outcome = Outcome.SPOOLED;
        try {
            spool.sync();
        } catch (IOException e) {
            log.error("spool: cannot sync", e);
            outcome = Outcome.SPOOL_FULL;
        }
        for (CompletableFuture<Outcome> f : batch) {
            f.complete(outcome);
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
