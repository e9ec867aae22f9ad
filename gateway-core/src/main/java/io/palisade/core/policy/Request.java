package io.palisade.core.policy;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.palisade.core.policy.model.EstOperation;
import io.palisade.core.policy.model.Transport;

/**
 * What a device asks the gateway to do, as the protocol stage saw it. Requests carry only what
 * the device asked; who asks is a {@link DeviceContext}. A malformed request (a publish topic
 * with a wildcard, a host that is not a host name) is not an error: it is denied with a reason.
 */
public sealed interface Request {

    /** The kind of request; a rule clause covers exactly one kind. */
    enum Kind { MQTT_PUBLISH, MQTT_SUBSCRIBE, CONNECT, COAP, HTTP, UPDATE, EST }

    Kind kind();

    /** An MQTT PUBLISH from the device to {@code topic} at {@code qos}. */
    record MqttPublish(String topic, int qos) implements Request {
        public MqttPublish {
            requireNonNull(topic, "topic");
            checkQos(qos);
        }

        @Override
        public Kind kind() {
            return Kind.MQTT_PUBLISH;
        }

        @Override
        public String toString() {
            return "mqtt publish " + topic + " qos " + qos;
        }
    }

    /** An MQTT SUBSCRIBE of the device to {@code filter} at maximum {@code qos}. */
    record MqttSubscribe(String filter, int qos) implements Request {
        public MqttSubscribe {
            requireNonNull(filter, "filter");
            checkQos(qos);
        }

        @Override
        public Kind kind() {
            return Kind.MQTT_SUBSCRIBE;
        }

        @Override
        public String toString() {
            return "mqtt subscribe " + filter + " qos " + qos;
        }
    }

    /**
     * An egress connection to {@code host} (a name or an IP literal) and {@code port}. The
     * gateway judges the name first; once it has resolved the name, it judges again with the
     * addresses it will connect to ({@code resolved}), so that a name resolving into a denied
     * range is refused. An empty {@code resolved} means "not resolved yet".
     */
    record Connect(String host, int port, Transport transport, Optional<List<InetAddress>> resolved) implements Request {
        public Connect {
            requireNonNull(host, "host");
            requireNonNull(transport, "transport");
            resolved = requireNonNull(resolved, "resolved").map(List::copyOf);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
            }
        }

        /** A TCP connection to {@code host:port}, not resolved yet. */
        public static Connect tcp(String host, int port) {
            return new Connect(host, port, Transport.TCP, Optional.empty());
        }

        /** This request with the addresses the gateway resolved for the host. */
        public Connect resolvedTo(List<InetAddress> addresses) {
            return new Connect(host, port, transport, Optional.of(addresses));
        }

        @Override
        public Kind kind() {
            return Kind.CONNECT;
        }

        @Override
        public String toString() {
            return "connect " + host + ":" + port + "/" + transport.yamlName()
                    + resolved.map(r -> " resolved " + r.stream().map(InetAddress::getHostAddress).toList()).orElse("");
        }
    }

    /** A CoAP request; {@code path} is the Uri-Path options, one segment each. */
    record CoapRequest(String method, List<String> path) implements Request {
        public CoapRequest {
            method = requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            path = List.copyOf(requireNonNull(path, "path"));
        }

        @Override
        public Kind kind() {
            return Kind.COAP;
        }

        @Override
        public String toString() {
            return "coap " + method + " /" + String.join("/", path);
        }
    }

    /** An HTTP request; {@code path} is the percent-decoded path segments (see {@link HttpPaths}). */
    record HttpRequest(String method, List<String> path) implements Request {
        public HttpRequest {
            method = requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            path = List.copyOf(requireNonNull(path, "path"));
        }

        @Override
        public Kind kind() {
            return Kind.HTTP;
        }

        @Override
        public String toString() {
            return "http " + method + " /" + String.join("/", path);
        }
    }

    /** A firmware update fetch (manifest or image) from {@code channel}. */
    record UpdateRequest(String channel) implements Request {
        public UpdateRequest {
            requireNonNull(channel, "channel");
        }

        @Override
        public Kind kind() {
            return Kind.UPDATE;
        }

        @Override
        public String toString() {
            return "update " + channel;
        }
    }

    /** An EST (RFC 7030) certificate operation. */
    record EstRequest(EstOperation operation) implements Request {
        public EstRequest {
            requireNonNull(operation, "operation");
        }

        @Override
        public Kind kind() {
            return Kind.EST;
        }

        @Override
        public String toString() {
            return "est " + operation.yamlName();
        }
    }

    private static void checkQos(int qos) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos: " + qos + " (expected: 0, 1 or 2)");
        }
    }
}
