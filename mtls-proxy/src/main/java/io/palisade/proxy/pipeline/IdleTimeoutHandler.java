package io.palisade.proxy.pipeline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.palisade.proxy.events.CloseReason;

/** Closes a device connection on which no byte moved, either way, for the idle timeout. */
public final class IdleTimeoutHandler extends IdleStateHandler {

    public static final String NAME = "idle";

    public IdleTimeoutHandler(Duration timeout) {
        super(0, 0, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (evt.state() == IdleState.ALL_IDLE) {
            ConnectionContext.of(ctx.channel()).ifPresent(c -> c.closeReason(CloseReason.IDLE_TIMEOUT));
            ctx.close();
        }
    }
}
