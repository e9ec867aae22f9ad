package io.palisade.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.MqttClause;
import io.palisade.core.policy.model.PathClause;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PortRange;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;
import io.palisade.core.policy.model.Transport;

/**
 * The indexed per-device view (trie, host maps) matches exactly the rules that the direct,
 * rule-by-rule reference ({@link RuleMatcher}) says match, on random policies and requests.
 */
class ViewAgreesWithReferenceTest {

    private static final String[] LEVELS = {"a", "b", "", "$SYS", "${device.id}", "${device.attr.k}"};
    private static final String[] HOSTS = {"a.example", "*.example", "b.a.example", "${device.attr.k}.example", "*.a.example"};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void sameMatchesAsTheReference(long seed) throws Exception {
        Random r = new Random(seed);
        DeviceContext d = Fixtures.device("d" + seed);
        String[] attrs = {"k1", "+", "a/b", ""};
        String attr = attrs[r.nextInt(attrs.length)];
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Rule.Builder b = r.nextBoolean() ? Rule.allow("r" + i) : Rule.deny("r" + i);
            switch (r.nextInt(4)) {
                case 0 -> b.mqtt(new MqttClause(List.of(filter(r), filter(r)), List.of(), r.nextBoolean() ? Set.of() : Set.of(r.nextInt(3))));
                case 1 -> b.mqtt(MqttClause.subscribe(filter(r)));
                case 2 -> b.to(r.nextBoolean() ? EgressTarget.host(HOSTS[r.nextInt(HOSTS.length)], PortRange.parse("400-500"))
                        : EgressTarget.cidr(r.nextBoolean() ? "10.0.0.0/8" : "10.1.0.0/16"));
                default -> b.coap(PathClause.of(Set.of(), "/" + String.join("/", "x", r.nextBoolean() ? "*" : "${device.id}", "**")));
            }
            rules.add(b.build());
        }
        CompiledPolicies p = Fixtures.compile(Map.of(d.id(), Fixtures.entry(Set.of(), Map.of("k", attr))),
                Policy.of("p", Selector.EVERY_DEVICE, rules));
        DeviceVars vars = new DeviceVars(d, Fixtures.entry(Set.of(), Map.of("k", attr)));
        CompiledPolicy compiled = p.view(d).applicable.get(0);
        for (int n = 0; n < 300; n++) {
            Request req = request(r, d);
            Decision decision = p.decide(d, req);
            if (decision.reason().startsWith("malformed")) {
                continue;
            }
            Set<String> expected = new HashSet<>();
            for (CompiledRule rule : compiled.rules) {
                if (rule.kinds.contains(req.kind()) && RuleMatcher.mismatch(rule, vars, req) == null) {
                    expected.add(rule.ref.qualifiedName());
                }
            }
            assertThat(new HashSet<>(decision.matched().stream().map(RuleRef::qualifiedName).toList()))
                    .as("%s (attr %s)", req, attr).isEqualTo(expected);
        }
    }

    private static String filter(Random r) {
        int n = 1 + r.nextInt(3);
        List<String> levels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            levels.add(r.nextInt(4) == 0 ? "+" : LEVELS[r.nextInt(LEVELS.length)]);
        }
        if (r.nextInt(3) == 0) {
            levels.add("#");
        }
        String f = String.join("/", levels);
        return f.isEmpty() ? "a" : f;
    }

    private static Request request(Random r, DeviceContext d) throws Exception {
        String[] words = {"a", "b", "", "$SYS", d.id().value(), "k1", "x"};
        int n = 1 + r.nextInt(4);
        List<String> levels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            levels.add(words[r.nextInt(words.length)]);
        }
        switch (r.nextInt(4)) {
            case 0:
                return new Request.MqttPublish(String.join("/", levels), r.nextInt(3));
            case 1:
                if (r.nextBoolean()) {
                    levels.set(r.nextInt(levels.size()), "+");
                }
                if (r.nextBoolean()) {
                    levels.add("#");
                }
                return new Request.MqttSubscribe(String.join("/", levels), r.nextInt(3));
            case 2:
                String[] hosts = {"a.example", "x.example", "b.a.example", "k1.example", "c.b.a.example", "10.1.2.3"};
                List<InetAddress> resolved = List.of(InetAddress.getByName(r.nextBoolean() ? "10.1.2.3" : "10.2.0.1"));
                return new Request.Connect(hosts[r.nextInt(hosts.length)], 400 + r.nextInt(200), Transport.TCP,
                        r.nextBoolean() ? Optional.empty() : Optional.of(resolved));
            default:
                levels.add(0, "x");
                return new Request.CoapRequest("GET", levels);
        }
    }
}
