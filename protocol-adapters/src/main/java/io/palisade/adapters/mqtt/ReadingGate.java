package io.palisade.adapters.mqtt;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;

/**
 * Whether the gateway reads from a device now. Not reading is how the gateway slows a device down
 * without buffering its packets (TCP pushes back), and reading stops while any reason holds:
 * {@link #INFLIGHT}, the device's QoS 1/2 publishes waiting for the cloud fill the gateway's
 * Receive Maximum; {@link #RATE}, the device spent its message or byte budget from policy (until
 * the budget has refilled enough); {@link #HELD}, a publish has no room anywhere yet. The budgets
 * follow the policy generation in force ({@link #refreshLimits()}). Whoever holds the cloud's
 * messages back ({@link DownstreamDelivery}) is told when the device stops being read while it
 * waits for the cloud ({@link #waitsForCloud()}): holding the cloud then would leave both waiting.
 */
final class ReadingGate {

    static final int INFLIGHT = 1;
    static final int RATE = 2;
    static final int HELD = 4;

    private final SessionContext session;
    private Runnable cloudWaited = () -> {};
    private RateLimit rate;
    private long limitsGeneration = -1;
    private int paused;

    ReadingGate(SessionContext session) {
        this.session = session;
    }

    /** Takes the device's limits from the policy generation in force, when it changed; budgets restart full. */
    void refreshLimits() {
        long generation = session.stage.policy().generation();
        if (generation != limitsGeneration) {
            limitsGeneration = generation;
            rate = new RateLimit(session.stage.policy().limitsFor(session.device), session.ctx.executor().ticker().nanoTime());
        }
    }

    /** Charges {@code messages} and {@code bytes} to the device's budgets; an overdrawn budget pauses reading. */
    void charge(int messages, long bytes) {
        if (!rate.limited()) {
            return;
        }
        ChannelHandlerContext ctx = session.ctx;
        long wait = rate.charge(ctx.executor().ticker().nanoTime(), messages, bytes);
        if (wait > 0 && (paused & RATE) == 0) {
            session.count(MqttStats.Counter.RATE_LIMITED);
            pause(RATE);
            ctx.executor().schedule(() -> resume(RATE), wait, TimeUnit.NANOSECONDS);
        }
    }

    /** {@code task} runs whenever reading stops while the device waits for the cloud. */
    void onCloudWaited(Runnable task) {
        this.cloudWaited = task;
    }

    /** Whether the device is not read because its publishes wait for the cloud ({@link #INFLIGHT}, {@link #HELD}). */
    boolean waitsForCloud() {
        return (paused & (INFLIGHT | HELD)) != 0;
    }

    void pause(int reason) {
        boolean waited = waitsForCloud();
        paused |= reason;
        update();
        if (!waited && waitsForCloud()) {
            cloudWaited.run();
        }
    }

    void resume(int reason) {
        paused &= ~reason;
        update();
    }

    /** Sets the channel's reading to what the reasons say (also once the session is in the pipeline). */
    void update() {
        ChannelHandlerContext ctx = session.ctx;
        if (ctx != null) {
            ctx.channel().config().setAutoRead(paused == 0);
        }
    }
}
