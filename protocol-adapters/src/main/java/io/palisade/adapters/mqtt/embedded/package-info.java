/** The embedded default cloud: Moquette in process on loopback, for a gateway with no cloud broker configured. */
package io.palisade.adapters.mqtt.embedded;
