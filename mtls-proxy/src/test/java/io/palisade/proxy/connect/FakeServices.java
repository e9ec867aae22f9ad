package io.palisade.proxy.connect;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.bootstrap.Bootstrap;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.CompiledPolicies;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.PolicyEngine;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.PortRange;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;
import io.palisade.proxy.events.ProxyEvents;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.service.ServiceContext;

/**
 * A {@link ServiceContext} without sockets: a fixed device, the test policy below, and every
 * decision and refusal recorded.
 *
 * <p>The policy ({@code egress}): allow {@code allowed.example} and {@code *.vendor.example} on
 * port 443 and 80, allow 127.0.0.0/8 and 192.0.2.0/24; deny 10.0.0.0/8 ({@code no-lateral}).
 */
final class FakeServices implements ServiceContext {

    static final PolicySet POLICY = PolicySet.of(Policy.of("egress", Selector.EVERY_DEVICE, List.of(
            Rule.allow("vendor").to(EgressTarget.host("allowed.example", PortRange.of(80), PortRange.of(443)),
                    EgressTarget.host("*.vendor.example", PortRange.of(443))).build(),
            Rule.allow("loopback").to(EgressTarget.cidr("127.0.0.0/8"), EgressTarget.cidr("192.0.2.0/24")).build(),
            Rule.deny("no-lateral").to(EgressTarget.cidr("10.0.0.0/8")).build())));

    record Refusal(RefusalReason reason, String detail) {}

    record Decided(Request request, Decision decision) {}

    final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    final List<Decided> decisions = new CopyOnWriteArrayList<>();
    private final PolicyEngine policy = CompiledPolicies.compile(POLICY, 7, Clock.systemUTC());
    private final DeviceContext device = DeviceContext.of(DeviceId.parse("ab".repeat(32)), "acme", Optional.empty());

    @Override
    public String listener() {
        return "egress";
    }

    @Override
    public InetSocketAddress remote() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public DeviceIdentity identity() {
        throw new UnsupportedOperationException("not needed by the CONNECT handler");
    }

    @Override
    public DeviceContext device() {
        return device;
    }

    @Override
    public Optional<String> applicationProtocol() {
        return Optional.of("http/1.1");
    }

    @Override
    public PolicyEngine policy() {
        return policy;
    }

    @Override
    public ProxyEvents events() {
        return ProxyEvents.NONE;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public Bootstrap outbound() {
        throw new UnsupportedOperationException("handler tests open no socket");
    }

    @Override
    public void decided(Request request, Decision decision) {
        decisions.add(new Decided(request, decision));
    }

    @Override
    public void refuse(RefusalReason reason, String detail) {
        refusals.add(new Refusal(reason, detail));
    }
}
