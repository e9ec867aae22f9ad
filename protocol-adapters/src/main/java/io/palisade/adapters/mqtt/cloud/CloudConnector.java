package io.palisade.adapters.mqtt.cloud;

import java.util.concurrent.Executor;

import io.palisade.core.identity.DeviceId;

/** Opens device sessions at the cloud broker ({@link HiveMqConnector}, or a fake in tests). */
@FunctionalInterface
public interface CloudConnector {

    /**
     * A link for {@code device}, not connected yet. {@code executor} runs every completion and
     * listener call (the device's event loop).
     */
    CloudLink open(DeviceId device, Executor executor, CloudLink.Listener listener);
}
