package io.palisade.proxy.admission;

import io.palisade.core.identity.DeviceIdentity;
import io.palisade.proxy.TcpRoute;

/**
 * Decides whether a verified device may use a listener's route: the slot where the policy engine
 * plugs in. Called once per connection, on the connection's I/O thread, right after the identity
 * is established and before any byte is relayed; it must be fast and must not block (a compiled
 * policy lookup). Fail closed: an exception counts as a refusal.
 */
@FunctionalInterface
public interface DeviceAdmission {

    /**
     * Admits every verified device. Until a policy is configured, the fixed route an operator
     * configured on a listener is open to every device whose identity verifies.
     */
    DeviceAdmission ALLOW_VERIFIED = (identity, route) -> AdmissionDecision.admit();

    /** Whether {@code identity} may reach {@code route}'s upstream. */
    AdmissionDecision decide(DeviceIdentity identity, TcpRoute route);
}
