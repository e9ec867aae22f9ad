package io.palisade.core.policy;

import io.palisade.core.policy.model.Limits;

/**
 * Decides what a device may do. Implemented by one compiled generation
 * ({@link CompiledPolicies}) and by the {@link PolicyStore}, which always answers with the
 * current generation; the data plane holds the store. Pure and thread-safe: no I/O, no blocking.
 */
public interface PolicyEngine {

    /** The decision on {@code request} from {@code device}; never throws for a malformed request (it is denied). */
    Decision decide(DeviceContext device, Request request);

    /** The device's limits: the most restrictive of its enforced policies' (unset: the gateway's global limits). */
    Limits limitsFor(DeviceContext device);

    /** The decision with the device's standing and the rules that nearly matched. */
    Explanation explain(DeviceContext device, Request request);

    /** The generation that answers. */
    long generation();
}
