package io.palisade.config.policy.cases;

import io.palisade.core.policy.Request;
import io.palisade.core.policy.model.EstOperation;
import io.palisade.core.policy.model.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request as a test case writes it, on one line, words separated by spaces:
 * <pre>
 * mqtt publish TOPIC [qos N]          mqtt subscribe FILTER [qos N]
 * connect HOST:PORT [udp] [resolved IP,IP...]
 * coap METHOD /PATH                   http METHOD /PATH
 * update CHANNEL                      est OPERATION
 * </pre>
 * {@code HOST} may be a name, an IPv4 address or an IPv6 address in brackets; {@code resolved}
 * gives the addresses the gateway would connect to (IP literals only), to test DNS rebinding.
 */
public final class RequestLine {

    /** The forms, as a problem states what was expected. */
    public static final String EXPECTED = "mqtt publish TOPIC [qos N], mqtt subscribe FILTER [qos N], "
            + "connect HOST:PORT [udp] [resolved IP,IP], coap METHOD /PATH, http METHOD /PATH, update CHANNEL or est OPERATION";

    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private RequestLine() {
    }

    /** Parses {@code line}; the exception's message says what was expected. */
    public static Request parse(String line) {
        List<String> words = Arrays.asList(line.trim().split(" +"));
        String verb = words.get(0) + (words.size() > 1 && words.get(0).equals("mqtt") ? " " + words.get(1) : "");
        switch (verb) {
            case "mqtt publish", "mqtt subscribe" -> {
                require(words.size() == 3 || words.size() == 5 && words.get(3).equals("qos"), verb + " TOPIC [qos N]");
                int qos = words.size() == 5 ? qos(words.get(4)) : 0;
                return verb.equals("mqtt publish") ? new Request.MqttPublish(words.get(2), qos)
                        : new Request.MqttSubscribe(words.get(2), qos);
            }
            case "connect" -> {
                return connect(words);
            }
            case "coap", "http" -> {
                require(words.size() == 3 && words.get(2).startsWith("/"), verb + " METHOD /PATH");
                String path = words.get(2).substring(1);
                List<String> segments = path.isEmpty() ? List.of() : Arrays.asList(path.split("/", -1));
                return verb.equals("coap") ? new Request.CoapRequest(words.get(1), segments)
                        : new Request.HttpRequest(words.get(1), segments);
            }
            case "update" -> {
                require(words.size() == 2, "update CHANNEL");
                return new Request.UpdateRequest(words.get(1));
            }
            case "est" -> {
                require(words.size() == 2, "est OPERATION");
                return new Request.EstRequest(EstOperation.parse(words.get(1)));
            }
            default -> throw new IllegalArgumentException("request: " + line + " (expected: " + EXPECTED + ")");
        }
    }

    private static Request connect(List<String> words) {
        String usage = "connect HOST:PORT [udp] [resolved IP,IP]";
        require(words.size() >= 2, usage);
        String target = words.get(1);
        int colon = target.lastIndexOf(':');
        require(colon > 0, usage);
        String host = target.substring(0, colon);
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = port(target.substring(colon + 1));
        int next = 2;
        Transport transport = Transport.TCP;
        if (words.size() > next && words.get(next).equals("udp")) {
            transport = Transport.UDP;
            next++;
        }
        Optional<List<InetAddress>> resolved = Optional.empty();
        if (words.size() == next + 2 && words.get(next).equals("resolved")) {
            List<InetAddress> addresses = new ArrayList<>();
            for (String address : words.get(next + 1).split(",")) {
                addresses.add(literal(address));
            }
            resolved = Optional.of(addresses);
            next += 2;
        }
        require(words.size() == next, usage);
        return new Request.Connect(host, port, transport, resolved);
    }

    private static InetAddress literal(String text) {
        require(LITERAL.matcher(text).matches(), "resolved addresses as IP literals, e.g. resolved 10.0.0.5,203.0.113.7");
        try {
            return InetAddress.getByName(text); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("request: " + text + " (expected: an IP address)", e);
        }
    }

    private static int qos(String text) {
        require(text.matches("[0-2]"), "qos 0, 1 or 2");
        return Integer.parseInt(text);
    }

    private static int port(String text) {
        require(text.matches("[0-9]{1,5}") && Integer.parseInt(text) <= 65535, "a port 0-65535 after HOST:");
        return Integer.parseInt(text);
    }

    private static void require(boolean condition, String expected) {
        if (!condition) {
            throw new IllegalArgumentException("request (expected: " + expected + ")");
        }
    }
}
