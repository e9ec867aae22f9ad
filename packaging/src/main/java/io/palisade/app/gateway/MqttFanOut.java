package io.palisade.app.gateway;

import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.adapters.mqtt.MqttEvents;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request;

/**
 * Hands each MQTT stage event to several listeners in order (metrics, audit log); one that throws
 * is logged and does not keep the event from the others.
 */
final class MqttFanOut implements MqttEvents {

    private static final Logger log = LoggerFactory.getLogger(MqttFanOut.class);

    private final List<MqttEvents> listeners;

    MqttFanOut(List<MqttEvents> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void denied(DeviceId device, Request request, Decision decision) {
        each(l -> l.denied(device, request, decision));
    }

    @Override
    public void revoked(DeviceId device, String filter, Decision decision) {
        each(l -> l.revoked(device, filter, decision));
    }

    @Override
    public void connectRefused(DeviceId device, String reason) {
        each(l -> l.connectRefused(device, reason));
    }

    @Override
    public void protocolViolation(DeviceId device, String reason) {
        each(l -> l.protocolViolation(device, reason));
    }

    private void each(Consumer<MqttEvents> call) {
        for (MqttEvents listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.error("mqtt event listener {} failed", listener.getClass().getName(), e);
            }
        }
    }
}
