/**
 * What the data plane tells the rest of the gateway: one {@link io.palisade.proxy.events.ProxyEvents}
 * listener receives a typed event for each handshake, refusal and closed connection, so metrics and
 * audit logs subscribe without the data plane knowing either.
 */
package io.palisade.proxy.events;
