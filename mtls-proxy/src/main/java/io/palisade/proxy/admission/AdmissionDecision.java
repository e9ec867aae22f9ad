package io.palisade.proxy.admission;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a {@link DeviceAdmission}: admitted, or refused with a reason for the audit log
 * (the rule that matched, or "default deny"). The device never sees the reason.
 *
 * @param admitted whether the device may go on
 * @param reason   why; for a refusal this becomes the refusal event's detail
 */
public record AdmissionDecision(boolean admitted, String reason) {

    private static final AdmissionDecision ADMIT = new AdmissionDecision(true, "admitted");

    public AdmissionDecision {
        requireNonNull(reason, "reason");
    }

    public static AdmissionDecision admit() {
        return ADMIT;
    }

    public static AdmissionDecision refuse(String reason) {
        return new AdmissionDecision(false, reason);
    }
}
