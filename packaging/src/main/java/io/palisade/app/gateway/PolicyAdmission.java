package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.util.function.BooleanSupplier;

import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.PolicyEngine;
import io.palisade.core.policy.Request;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.admission.AdmissionDecision;
import io.palisade.proxy.admission.DeviceAdmission;

/**
 * The policy engine in the data plane's admission slot, for listeners with a fixed route: a
 * device may use the route to {@code HOST:PORT} when the policy in force allows it
 * {@code connect HOST:PORT} (an egress rule {@code to: [{host: HOST, ports: [PORT]}]}, or a CIDR
 * rule for an address literal). The refusal's reason names the deciding rule and generation.
 *
 * <p>While no policy directory exists ({@code enforced} false) a fixed route stays open to every
 * verified device, as before policies were configured: an operator who configured a route and
 * no policy meant the route. Once a policy directory exists, default deny applies to fixed
 * routes too; an empty directory admits no one.
 *
 * <p>Seam: when the data plane takes a {@code PolicyEngine} itself (CONNECT and MQTT stages),
 * this adapter remains the judge of fixed routes only.
 */
final class PolicyAdmission implements DeviceAdmission {

    private final PolicyEngine engine;
    private final BooleanSupplier enforced;

    PolicyAdmission(PolicyEngine engine, BooleanSupplier enforced) {
        this.engine = requireNonNull(engine, "engine");
        this.enforced = requireNonNull(enforced, "enforced");
    }

    @Override
    public AdmissionDecision decide(DeviceIdentity identity, TcpRoute route) {
        if (!enforced.getAsBoolean()) {
            return AdmissionDecision.admit();
        }
        Decision decision = engine.decide(DeviceContext.of(identity), request(route));
        return decision.allowed() ? AdmissionDecision.admit()
                : AdmissionDecision.refuse("policy: " + request(route) + ": " + decision);
    }

    /** What a fixed route asks of the policy: a TCP connection to its upstream. */
    static Request.Connect request(TcpRoute route) {
        return Request.Connect.tcp(route.upstream().host(), route.upstream().port());
    }
}
