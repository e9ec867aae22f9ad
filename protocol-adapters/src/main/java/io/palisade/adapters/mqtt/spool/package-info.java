/**
 * Where a device's QoS 1/2 messages wait while the cloud broker is unreachable: one bounded,
 * crash-safe append-only file per device ({@link io.palisade.adapters.mqtt.spool.Spool}), and the
 * publisher that decides between the broker and the spool and drains it in order
 * ({@link io.palisade.adapters.mqtt.spool.ReliablePublisher}); what a departed device left is
 * delivered without it ({@link io.palisade.adapters.mqtt.spool.SpoolDrainer}).
 */
package io.palisade.adapters.mqtt.spool;
