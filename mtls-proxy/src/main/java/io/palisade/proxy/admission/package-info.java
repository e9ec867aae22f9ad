/**
 * The admission slot: once a device's identity is verified, a
 * {@link io.palisade.proxy.admission.DeviceAdmission} decides whether it may use a listener. The
 * policy engine plugs in here; until then every verified device is admitted to the fixed route.
 */
package io.palisade.proxy.admission;
