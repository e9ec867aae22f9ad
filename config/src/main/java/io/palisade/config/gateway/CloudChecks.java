package io.palisade.config.gateway;

import io.palisade.config.internal.PemFileCheck;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The checks of {@code cloud:} that a JSON Schema cannot express: each {@code uri} parses, names a
 * host and has the scheme its upstream speaks; each {@code updates.vendorKeys} file holds a PEM
 * public key.
 */
final class CloudChecks {

    private CloudChecks() {}

    static void run(CheckContext context) {
        JsonNode cloud = context.root().path("cloud");
        uri(context, "cloud.mqtt.uri", cloud.path("mqtt").get("uri"), Set.of("mqtt", "mqtts"),
                "mqtt://host[:port] or mqtts://host[:port]");
        uri(context, "cloud.updates.uri", cloud.path("updates").get("uri"), Set.of("https"), "https://host[:port]/path");
        uri(context, "cloud.est.uri", cloud.path("est").get("uri"), Set.of("https"),
                "https://host[:port]/.well-known/est");
        JsonNode keys = cloud.path("updates").path("vendorKeys");
        for (int i = 0; i < keys.size(); i++) {
            context.checkFile("cloud.updates.vendorKeys[" + i + "]", keys.get(i), PemFileCheck.Kind.PUBLIC_KEY);
        }
    }

    private static void uri(CheckContext context, String path, JsonNode node, Set<String> schemes, String expected) {
        CheckContext.text(node).ifPresent(text -> {
            try {
                URI uri = new URI(text);
                if (uri.getScheme() == null || !schemes.contains(uri.getScheme()) || uri.getHost() == null
                        || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                    context.report(path, text, expected);
                }
            } catch (URISyntaxException e) {
                context.report(path, text, expected + "; " + e.getReason());
            }
        });
    }
}
