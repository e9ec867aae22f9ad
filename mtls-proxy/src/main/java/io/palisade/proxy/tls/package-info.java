/**
 * TLS for the data plane: the device-facing server context (TLS 1.3/1.2, AEAD only, client
 * certificate required), the trust manager that runs the device identity verifier inside the
 * handshake and again on session resumption, rotating session ticket keys, and client contexts
 * towards TLS upstreams.
 */
package io.palisade.proxy.tls;
