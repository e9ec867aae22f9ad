/**
 * The MQTT stage: devices speak MQTT 3.1.1 or 5 to the gateway as if it were their broker, over
 * the data plane's mutual TLS ({@link io.palisade.adapters.mqtt.MqttService}, ALPN {@code mqtt}),
 * and the gateway relays what policy allows to the cloud broker.
 *
 * <h2>Session model: one upstream session per device</h2>
 * Each connected device gets its own session at the cloud broker, with the device id as MQTT
 * client id ({@link io.palisade.adapters.mqtt.cloud.HiveMqConnector}). The cloud broker therefore
 * sees every device as itself: persistent sessions and their queued messages, wills, retained
 * messages, takeover of a second connection and per-client ACLs at the broker all behave as the
 * broker defines them, and nothing in topics needs rewriting. The price is one upstream TCP (TLS)
 * connection per device; a shared connection with topic mapping would save connections but hide
 * the devices from the broker (no per-device sessions or wills), so it is not offered.
 * Upstream speaks MQTT 3.1.1, which every broker (and the embedded Moquette) accepts: an MQTT 5
 * device's Clean Start with Session Expiry 0 is a clean session, anything else a persistent one;
 * MQTT 5 properties (user properties, message expiry, response topics) are not carried upstream.
 *
 * <h2>No loss</h2>
 * A device's QoS 1/2 publish is acknowledged (in the order it was sent) only once the cloud
 * broker acknowledged it, or once it is synced to the device's bounded on-disk spool
 * ({@link io.palisade.adapters.mqtt.spool.Spool}) while the broker is unreachable; messages in
 * flight when the link drops are spooled too, the spool drains in order when the link returns
 * and new messages queue behind it. A full spool pushes back: MQTT 5 devices get PUBACK 0x97,
 * MQTT 3.1.1 devices are not acknowledged and not read until it has room. Delivery is at least
 * once: a message may reach the cloud twice, never zero times. Downstream, the broker's message
 * is acknowledged only once the device acknowledged it.
 *
 * <h2>Flow control</h2>
 * Towards a device, at most min(its MQTT 5 Receive Maximum, {@code maxInflightToDevice}) QoS 1/2
 * messages are unacknowledged at once (MQTT 5 §3.3.4; the gateway's bound protects MQTT 3.1.1
 * devices too); the rest wait in order in a bounded per-device queue, and the broker is
 * acknowledged only after the device. A full queue holds the broker back through TCP flow
 * control on the device's cloud connection (the broker keeps the messages). From a device, at
 * most {@code receiveMaximum} QoS 1/2 publishes wait for the cloud: MQTT 5 devices are told in
 * CONNACK and disconnected (0x93) beyond it, MQTT 3.1.1 devices are not read until there is room.
 *
 * <h2>Policy</h2>
 * Every PUBLISH from a device is judged as {@code Request.MqttPublish(topic, qos)}, every
 * SUBSCRIBE filter as {@code Request.MqttSubscribe(filter, qos)}, and every message from the
 * cloud again as a subscription to exactly its topic. A new policy generation re-judges live
 * subscriptions; revoked ones are unsubscribed at the cloud. Limits (messages and bytes per
 * second) shape a device by pausing its reads; nothing is dropped for them.
 */
package io.palisade.adapters.mqtt;
