package io.palisade.adapters.mqtt.cloud;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How a device's session at the cloud broker is opened, taken from the device's own CONNECT.
 *
 * @param cleanSession whether the broker discards any earlier session of this client id (and
 *                     does not keep this one); an MQTT 5 device with Clean Start and a session
 *                     expiry of 0 is clean
 * @param will         the device's last will, published by the broker (or for it) when the
 *                     device goes away without saying goodbye
 */
public record CloudConnect(boolean cleanSession, Optional<CloudMessage> will) {

    public CloudConnect {
        requireNonNull(will, "will");
    }
}
