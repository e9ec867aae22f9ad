package io.palisade.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.palisade.core.identity.DeviceId;

class DenyListTest {

    private static final DeviceId A = DeviceId.parse("a".repeat(64));
    private static final DeviceId B = DeviceId.parse("b".repeat(64));

    @Test
    void addRemoveAndReplaceTakeEffectAtOnce() {
        DenyList deny = DenyList.of(List.of(A));
        assertThat(deny.contains(A)).isTrue();
        assertThat(deny.contains(B)).isFalse();

        deny.add(B);
        assertThat(deny.snapshot()).containsExactlyInAnyOrder(A, B);

        deny.remove(A);
        assertThat(deny.contains(A)).isFalse();

        deny.replace(Set.of(A));
        assertThat(deny.snapshot()).containsExactly(A);
    }

    @Test
    void snapshotIsImmutable() {
        DenyList deny = DenyList.empty();
        Set<DeviceId> before = deny.snapshot();

        deny.add(A);

        assertThat(before).isEmpty();
        assertThat(deny.snapshot()).containsExactly(A);
    }
}
