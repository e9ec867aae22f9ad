/**
 * CONNECT egress as a {@link io.palisade.proxy.service.DeviceService}: a verified device asks for
 * a tunnel to {@code host:port}; the policy judges the name, then the addresses the gateway
 * resolved itself (DNS rebinding), and an allowed tunnel is relayed by the data plane's relay.
 */
package io.palisade.proxy.connect;
