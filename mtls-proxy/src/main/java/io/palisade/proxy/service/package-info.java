/**
 * The service SPI: protocols served to verified devices on a
 * {@link io.palisade.proxy.service.ServiceListener} (CONNECT egress, MQTT, ...). The data plane
 * verifies and admits the device, picks a {@link io.palisade.proxy.service.DeviceService} by ALPN
 * and lets it install its handlers; the {@link io.palisade.proxy.service.ServiceContext} gives the
 * service the device, the policy, outbound connections on the same event loop and the audit trail.
 */
package io.palisade.proxy.service;
