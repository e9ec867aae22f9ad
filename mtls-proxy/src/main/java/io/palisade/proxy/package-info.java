/**
 * The mTLS data plane: {@link io.palisade.proxy.MtlsProxy} terminates TLS from devices on its
 * listeners, establishes each device's identity with the gateway's
 * {@link io.palisade.core.identity.DeviceIdentityVerifier}, asks the
 * {@link io.palisade.proxy.admission.DeviceAdmission} stage whether the device may use the
 * listener, and relays its bytes to the listener's {@link io.palisade.proxy.Upstream}, or hands it
 * to a {@link io.palisade.proxy.service.DeviceService} of a
 * {@link io.palisade.proxy.service.ServiceListener} (such as CONNECT egress,
 * {@link io.palisade.proxy.connect.ConnectService}) chosen by ALPN. What
 * happens to each connection is told to {@link io.palisade.proxy.events.ProxyEvents}; later
 * pipeline stages find the device in {@link io.palisade.proxy.DeviceAttributes#IDENTITY}.
 *
 * <p>Subpackages hold the implementation: {@code tls} (contexts, the verifying trust manager,
 * ticket keys), {@code pipeline} (the per-connection handlers and their initializer, which draws
 * the pipeline), {@code relay} (splicing a device to its upstream), {@code transport} (epoll or
 * NIO). Only this package, {@code events}, {@code admission}, {@code service} (the SPI protocol
 * adapters implement) and {@code connect} are API.
 */
package io.palisade.proxy;
