package io.palisade.adapters.mqtt;

import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request;

/**
 * Where one connection's policy decisions and refusal go besides {@link MqttEvents}: the data
 * plane's audit trail ({@link io.palisade.proxy.service.ServiceContext}) when the stage runs as a
 * proxy service. Allowed publishes are not reported one by one (they are counted in
 * {@link MqttStats}); every denial, every subscription decision and every refusal is.
 */
interface Audit {

    Audit NONE = new Audit() {
        @Override
        public void decided(Request request, Decision decision) {}

        @Override
        public void refused(boolean cloud, String detail) {}
    };

    void decided(Request request, Decision decision);

    /** The connection is refused: by the cloud ({@code cloud}) or by the gateway's own rules. */
    void refused(boolean cloud, String detail);
}
