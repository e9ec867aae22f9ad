package io.palisade.core.policy;

import io.palisade.core.policy.match.HostNames;
import io.palisade.core.policy.match.PathPatterns;
import io.palisade.core.policy.match.TopicFilters;

/** Which requests are malformed: those are denied before any rule is asked. */
final class Requests {

    private Requests() {
    }

    /** What is wrong with {@code request}, or null when it is well-formed. */
    static String malformed(Request request) {
        if (request instanceof Request.MqttPublish p) {
            return TopicFilters.isValidTopic(p.topic()) ? null : "not an MQTT topic name: " + printable(p.topic());
        }
        if (request instanceof Request.MqttSubscribe s) {
            return TopicFilters.isValidFilter(s.filter()) ? null : "not an MQTT topic filter: " + printable(s.filter());
        }
        if (request instanceof Request.Connect c) {
            if (c.port() == 0) {
                return "port 0";
            }
            return HostNames.ipLiteral(c.host()).isPresent() || HostNames.normalize(c.host()).isPresent()
                    ? null : "not a host name or IP address: " + printable(c.host());
        }
        if (request instanceof Request.CoapRequest c) {
            return PathPatterns.isSafe(c.path()) ? null : "path segment with /, NUL, . or ..";
        }
        if (request instanceof Request.HttpRequest h) {
            return PathPatterns.isSafe(h.path()) ? null : "path segment with /, NUL, . or ..";
        }
        return null;
    }

    private static String printable(String s) {
        return s.replace("\0", "\\0");
    }
}
