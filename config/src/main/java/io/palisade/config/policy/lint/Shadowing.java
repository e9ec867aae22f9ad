package io.palisade.config.policy.lint;

import io.palisade.core.policy.model.Action;
import io.palisade.core.policy.model.Cidr;
import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.Mode;
import io.palisade.core.policy.model.PathClause;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.PortRange;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Template;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Whether an allow rule is fully shadowed: every request it allows is also matched by an enforced
 * deny rule that applies to every device the allow rule's policy applies to (a deny of the same
 * policy, or of an enforced policy for every device with no requirement). Coverage is judged
 * pattern by pattern without knowing any device: {@code +}, {@code *} and {@code #}/{@code **}
 * of a deny cover whatever stands in their place in the allow, a variable covers only the same
 * variable. When in doubt the rule counts as not shadowed: lint must not cry wolf.
 */
final class Shadowing {

    private Shadowing() {
    }

    /** The {@code policy/rule} names of the denies that shadow {@code rule}, if it is a shadowed allow. */
    static Optional<String> shadowingDenies(PolicySet set, Policy policy, Rule rule) {
        if (rule.action() != Action.ALLOW) {
            return Optional.empty();
        }
        List<Scoped> denies = new ArrayList<>();
        for (Policy p : set.policies()) {
            boolean everyDevice = p.selector().isEveryDevice() && p.require().isEmpty() && p.mode() == Mode.ENFORCE
                    && p.quarantine() == policy.quarantine();
            if (p == policy || everyDevice) {
                p.rules().stream().filter(r -> r.action() == Action.DENY).forEach(r -> denies.add(new Scoped(p, r)));
            }
        }
        Set<String> used = new LinkedHashSet<>();
        boolean covered = rule.mqtt().map(m -> all(m.publish(), f -> by(denies, used, d -> d.rule.mqtt()
                        .filter(dm -> qos(dm.qos(), m.qos())).map(dm -> anyTopic(dm.publish(), d, f, policy)).orElse(false)))
                && all(m.subscribe(), f -> by(denies, used, d -> d.rule.mqtt()
                        .filter(dm -> qos(dm.qos(), m.qos())).map(dm -> anyTopic(dm.subscribe(), d, f, policy)).orElse(false))))
                .orElse(true)
                && all(rule.to(), t -> by(denies, used, d -> d.rule.to().stream().anyMatch(dt -> covers(dt, d.policy, t, policy))))
                && rule.coap().map(c -> paths(c, denies, used, d -> d.rule.coap(), policy)).orElse(true)
                && rule.http().map(c -> paths(c, denies, used, d -> d.rule.http(), policy)).orElse(true)
                && rule.updates().map(u -> all(u.channels(), ch -> by(denies, used, d -> d.rule.updates()
                        .filter(du -> du.channels().contains(ch)).isPresent()))).orElse(true)
                && all(rule.est(), op -> by(denies, used, d -> d.rule.est().contains(op)));
        return covered && !used.isEmpty() ? Optional.of(String.join(", ", used)) : Optional.empty();
    }

    private record Scoped(Policy policy, Rule rule) {
        String name() {
            return policy.name() + "/" + rule.name();
        }
    }

    private static <T> boolean all(java.util.Collection<T> items, Predicate<T> covered) {
        return items.stream().allMatch(covered);
    }

    /** Whether some deny satisfies {@code test}; remembers the first that does. */
    private static boolean by(List<Scoped> denies, Set<String> used, Predicate<Scoped> test) {
        for (Scoped d : denies) {
            if (test.test(d)) {
                used.add(d.name());
                return true;
            }
        }
        return false;
    }

    private static boolean qos(Set<Integer> deny, Set<Integer> allow) {
        return deny.isEmpty() || !allow.isEmpty() && deny.containsAll(allow);
    }

    private static boolean anyTopic(List<String> denyFilters, Scoped deny, String allowFilter, Policy allowPolicy) {
        return denyFilters.stream().anyMatch(df -> covers(bound(Template.Kind.TOPIC, df, deny.policy),
                bound(Template.Kind.TOPIC, allowFilter, allowPolicy)));
    }

    private static boolean paths(PathClause allow, List<Scoped> denies, Set<String> used,
                                 Function<Scoped, Optional<PathClause>> clause, Policy policy) {
        return all(allow.paths(), p -> by(denies, used, d -> clause.apply(d)
                .filter(dc -> dc.methods().isEmpty() || !allow.methods().isEmpty() && dc.methods().containsAll(allow.methods()))
                .map(dc -> dc.paths().stream().anyMatch(dp -> covers(bound(Template.Kind.PATH, dp, d.policy),
                        bound(Template.Kind.PATH, p, policy)))).orElse(false)));
    }

    private static boolean covers(EgressTarget deny, Policy denyPolicy, EgressTarget allow, Policy allowPolicy) {
        boolean ports = deny.ports().isEmpty() || !allow.ports().isEmpty() && allow.ports().stream()
                .allMatch(a -> deny.ports().stream().anyMatch(d -> contains(d, a)));
        boolean transports = deny.transports().isEmpty() || !allow.transports().isEmpty()
                && deny.transports().containsAll(allow.transports());
        if (!ports || !transports) {
            return false;
        }
        if (deny.host().isPresent() && allow.host().isPresent()) {
            return covers(bound(Template.Kind.HOST, deny.host().get(), denyPolicy),
                    bound(Template.Kind.HOST, allow.host().get(), allowPolicy));
        }
        return deny.cidr().isPresent() && allow.cidr().isPresent() && contains(deny.cidr().get(), allow.cidr().get());
    }

    private static boolean contains(PortRange outer, PortRange inner) {
        return outer.first() <= inner.first() && inner.last() <= outer.last();
    }

    private static boolean contains(Cidr outer, Cidr inner) {
        if (outer.isIpv6() != inner.isIpv6() || outer.prefixLength() > inner.prefixLength()) {
            return false;
        }
        String text = inner.toString();
        try {
            return outer.matches(InetAddress.getByName(text.substring(0, text.indexOf('/'))).getAddress()); // a literal
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Template bound(Template.Kind kind, String pattern, Policy policy) {
        return Template.parse(kind, pattern).bind(policy.vars());
    }

    /** Whether every text {@code allow} matches is matched by {@code deny}, segment by segment. */
    static boolean covers(Template deny, Template allow) {
        List<Template.Segment> d = deny.segments();
        List<Template.Segment> a = allow.segments();
        for (int i = 0; i < d.size(); i++) {
            Template.Segment ds = d.get(i);
            if (ds instanceof Template.AnyRest) {
                return true;
            }
            if (i >= a.size()) {
                return false;
            }
            Template.Segment as = a.get(i);
            boolean ok = ds instanceof Template.AnyOne ? !(as instanceof Template.AnyRest) : ds.equals(as);
            if (!ok) {
                return false;
            }
        }
        return d.size() == a.size();
    }
}
