package io.palisade.core.policy;

import static io.palisade.core.policy.Fixtures.device;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.palisade.core.policy.model.DeviceRegistry;
import io.palisade.core.policy.model.MqttClause;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;

class PolicyStoreTest {

    private static final Request T = new Request.MqttPublish("t", 0);
    private static final PolicySet ALLOW_T = PolicySet.of(Policy.of("p", Selector.EVERY_DEVICE,
            List.of(Rule.allow("t").mqtt(MqttClause.publish("t")).build())));
    private static final PolicySet NOTHING = PolicySet.of();

    @Test
    void startsClosedAtGenerationZero() {
        PolicyStore store = PolicyStore.create(Fixtures.CLOCK);
        assertThat(store.generation()).isZero();
        Decision d = store.decide(device("d1"), T);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.generation()).isZero();
    }

    @Test
    void swapPutsTheNextGenerationInForceAndTellsListenersOldAndNew() throws Exception {
        PolicyStore store = PolicyStore.create(Fixtures.CLOCK);
        List<String> seen = new ArrayList<>();
        AutoCloseable handle = store.addListener((before, after) -> seen.add(before.generation() + "->" + after.generation()));
        store.addListener((before, after) -> {
            throw new IllegalStateException("a broken listener does not stop the others");
        });
        CompiledPolicies g1 = store.swap(ALLOW_T);
        assertThat(g1.generation()).isEqualTo(1);
        assertThat(store.current()).isSameAs(g1);
        Decision d = store.decide(device("d1"), T);
        assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(d.generation()).isEqualTo(1);
        store.swap(NOTHING);
        assertThat(store.decide(device("d1"), T).outcome()).isEqualTo(Outcome.DENY);
        assertThat(store.decide(device("d1"), T).generation()).isEqualTo(2);
        handle.close();
        store.swap(ALLOW_T);
        assertThat(seen).containsExactly("0->1", "1->2");
        assertThat(store.swaps()).isEqualTo(3);
    }

    @Test
    void aRejectedReloadKeepsTheLastGoodGenerationSaysWhyAndIsCounted() {
        PolicyStore store = PolicyStore.create(Fixtures.CLOCK);
        List<Long> notified = new ArrayList<>();
        store.addListener((before, after) -> notified.add(after.generation()));
        store.swap(ALLOW_T);
        store.reject("/etc/palisade/policies.d", List.of("20-thermostats.yaml:12:7: rules[0].to[0].cidr: 10.0.0.1/8 (expected: host bits zero)"));
        store.reject("/etc/palisade/policies.d", List.of("a.yaml:1:1: x", "b.yaml:2:2: y"));
        assertThat(store.generation()).isEqualTo(1);
        assertThat(store.decide(device("d1"), T).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(store.rejections()).isEqualTo(2);
        assertThat(store.lastRejection()).hasValueSatisfying(r -> {
            assertThat(r.problems()).containsExactly("a.yaml:1:1: x", "b.yaml:2:2: y");
            assertThat(r.keptGeneration()).isEqualTo(1);
            assertThat(r.at()).isEqualTo(Fixtures.NOW);
        });
        assertThat(notified).containsExactly(1L);
    }

    @Test
    void aRegistryChangeTakesEffectForTheSameDeviceContext() {
        PolicyStore store = PolicyStore.create(Fixtures.CLOCK);
        DeviceContext d = device("d1");
        Policy lab = Policy.of("lab", Selector.groups("lab"), List.of(Rule.allow("t").mqtt(MqttClause.publish("t")).build()));
        store.swap(PolicySet.of(lab));
        assertThat(store.decide(d, T).allowed()).isFalse();
        store.swap(new PolicySet(List.of(lab), new DeviceRegistry(Map.of(d.id(), Fixtures.entry(Set.of("lab"), Map.of())))));
        assertThat(store.decide(d, T).allowed()).isTrue();
    }
}
