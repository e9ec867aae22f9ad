/**
 * The PROXY protocol (version 2) on both sides of the gateway. Towards devices: a listener behind a
 * load balancer takes the device's real address from the header the balancer writes first, only
 * from the balancers it is told to trust ({@link io.palisade.proxy.haproxy.ProxyProtocol},
 * {@link io.palisade.proxy.haproxy.ProxyHeaderHandler}). Towards upstreams: a route can tell its
 * upstream who the device is, its addresses and verified device id
 * ({@link io.palisade.proxy.haproxy.ProxyHeaderWriter}, TLV {@code 0xE0}). Netty's
 * {@code netty-codec-haproxy} reads and writes the bytes.
 */
package io.palisade.proxy.haproxy;
