package io.palisade.proxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

class IdleTimeoutHandlerTest {

    @Test
    void closesAfterTheTimeoutWithoutTraffic() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(IdleTimeoutHandler.NAME, new IdleTimeoutHandler(Duration.ofSeconds(30)));

        ch.advanceTimeBy(20, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        ch.advanceTimeBy(20, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();

        assertThat(ch.isOpen()).as("traffic 20 s ago keeps it open").isTrue();

        ch.advanceTimeBy(11, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();

        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }
}
