package io.palisade.core.enrollment;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.PolicyEngine;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.model.EstOperation;

/** Whether policy requires a device to attest before it gets a certificate. */
@FunctionalInterface
public interface AttestationPolicy {

    /** No device is required to attest. */
    AttestationPolicy NEVER = device -> false;

    /** Whether {@code device} (as its new certificate would describe it, without attestation) must attest. */
    boolean requiresAttestation(DeviceContext device);

    /**
     * The requirement the policy engine expresses with {@code require: attestedWithin}: a device
     * must attest if, without an attestation, a policy selecting it would quarantine it.
     */
    static AttestationPolicy of(PolicyEngine engine) {
        requireNonNull(engine, "engine");
        return device -> engine.explain(new DeviceContext(device.id(), device.tenant(), device.product(),
                        Optional.empty(), Optional.empty()), new Request.EstRequest(EstOperation.REENROLL))
                .quarantine().isPresent();
    }
}
