package io.palisade.proxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class HandshakeRateLimitTest {

    private final SteppingClock clock = new SteppingClock();
    private final HandshakeRateLimit limit = new HandshakeRateLimit(10, 3, clock);

    @Test
    void allowsABurstOfOneSecondThenRefillsContinuously() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");

        assertThat(count(a, 20)).isEqualTo(10);
        clock.millis += 300;
        assertThat(count(a, 20)).isEqualTo(3);
        clock.millis += 10_000;
        assertThat(count(a, 20)).as("never more than a second's worth").isEqualTo(10);
    }

    @Test
    void addressesHaveTheirOwnBuckets() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("2001:db8::1");

        count(a, 10);

        assertThat(limit.tryAcquire(a)).isFalse();
        assertThat(limit.tryAcquire(b)).isTrue();
    }

    @Test
    void theTableStaysBoundedAndForgetsRefilledAddresses() throws Exception {
        for (int i = 1; i <= 3; i++) {
            count(InetAddress.getByName("192.0.2." + i), 10);
        }

        assertThat(limit.tryAcquire(InetAddress.getByName("192.0.2.99"))).as("untracked, let through").isTrue();
        assertThat(limit.tracked()).isEqualTo(3);

        clock.millis += 1_000;
        assertThat(limit.tryAcquire(InetAddress.getByName("192.0.2.99"))).isTrue();
        assertThat(limit.tracked()).isEqualTo(1);
    }

    private int count(InetAddress address, int attempts) {
        int granted = 0;
        for (int i = 0; i < attempts; i++) {
            granted += limit.tryAcquire(address) ? 1 : 0;
        }
        return granted;
    }

    private static final class SteppingClock extends Clock {
        long millis = 1_000_000;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
