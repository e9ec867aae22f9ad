/**
 * Splicing an admitted device connection to its upstream: buffers passed through, backpressure
 * both ways, half-close carried through, everything released on close.
 */
package io.palisade.proxy.relay;
