package io.palisade.core.policy;

import java.net.InetAddress;
import java.util.List;

import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.Transport;

/**
 * How a rule's address ranges judge the addresses of a connection (the IP literal the device
 * asked for, or what the gateway resolved for the name). A deny rule matches when any address
 * lies in one of its ranges, so a name that resolves into a denied range is refused even when
 * the name itself is allowed (DNS rebinding). An allow rule matches by address only when there
 * are addresses and every one of them lies in one of that rule's ranges.
 */
final class Egress {

    private Egress() {
    }

    static boolean cidrMatch(boolean deny, List<EgressTarget> targets, List<InetAddress> addresses, int port,
                             Transport transport) {
        if (addresses.isEmpty()) {
            return false;
        }
        for (InetAddress a : addresses) {
            boolean in = inAny(targets, a, port, transport);
            if (deny && in) {
                return true;
            }
            if (!deny && !in) {
                return false;
            }
        }
        return !deny;
    }

    private static boolean inAny(List<EgressTarget> targets, InetAddress a, int port, Transport transport) {
        byte[] bytes = a.getAddress();
        for (EgressTarget t : targets) {
            if (t.cidr().isPresent() && t.cidr().get().matches(bytes) && t.coversPort(port, transport)) {
                return true;
            }
        }
        return false;
    }
}
