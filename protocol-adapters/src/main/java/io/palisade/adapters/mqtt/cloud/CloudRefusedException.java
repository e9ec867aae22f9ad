package io.palisade.adapters.mqtt.cloud;

/**
 * The cloud broker answered a device's session with a refusal (MQTT 3.1.1 CONNACK return code),
 * as opposed to being unreachable. The device is refused in turn.
 */
public final class CloudRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int returnCode;

    public CloudRefusedException(int returnCode, String message) {
        super(message);
        this.returnCode = returnCode;
    }

    /** The MQTT 3.1.1 CONNACK return code (1 to 5). */
    public int returnCode() {
        return returnCode;
    }
}
