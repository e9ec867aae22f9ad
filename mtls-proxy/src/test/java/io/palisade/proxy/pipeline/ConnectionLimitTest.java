package io.palisade.proxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionLimitTest {

    @Test
    void grantsUpToTheCapAndAgainAfterARelease() {
        ConnectionLimit limit = new ConnectionLimit(2);

        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isFalse();
        assertThat(limit.open()).isEqualTo(2);

        limit.release();

        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.open()).isEqualTo(2);
    }

    @Test
    void refusesANonPositiveCap() {
        assertThatThrownBy(() -> new ConnectionLimit(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxConnections: 0 (expected: > 0)");
    }
}
