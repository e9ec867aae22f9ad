/**
 * The certificate relay ({@link io.palisade.adapters.est.EstRelay}): EST (RFC 7030) for devices,
 * decided by the enrollment rules of gateway-core and signed by the local CA (standalone) or
 * forwarded to the cloud EST CA ({@link io.palisade.adapters.est.RaEnroller}, RA mode), with
 * attestation evidence over a gateway nonce on re-enrollment.
 */
package io.palisade.adapters.est;
