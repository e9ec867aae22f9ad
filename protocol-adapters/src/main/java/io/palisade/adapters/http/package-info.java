/**
 * The device-facing HTTP service of the gateway ({@link io.palisade.adapters.http.HttpRelayService}):
 * HTTP/1.1 and HTTP/2 over the device's mutual-TLS connection, requests handed to the relays
 * ({@link io.palisade.adapters.http.HttpRoutes}: updates, EST) as complete
 * {@link io.palisade.adapters.http.HttpExchange exchanges}, files streamed from disk, bandwidth
 * shaped per device from policy, and CONNECT egress on the same listener when asked.
 */
package io.palisade.adapters.http;
