/**
 * The per-connection pipeline of a device listener, one handler per concern; the diagram is in
 * {@link io.palisade.proxy.pipeline.DeviceChannelInitializer}. Also the shared limits (connections,
 * handshake rate per address) and the registry of live connections by device.
 */
package io.palisade.proxy.pipeline;
