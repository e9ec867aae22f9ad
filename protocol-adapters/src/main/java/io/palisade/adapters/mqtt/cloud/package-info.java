/**
 * The cloud side: a device's session at the cloud broker ({@link io.palisade.adapters.mqtt.cloud.CloudLink})
 * and the HiveMQ MQTT client that opens it, with reconnection and back-off.
 */
package io.palisade.adapters.mqtt.cloud;
