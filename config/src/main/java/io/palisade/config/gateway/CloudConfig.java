package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The cloud upstreams of the gateway ({@code cloud:} in gateway.yaml). Each one absent means the
 * embedded default on this host, so a site runs with no cloud at all:
 *
 * <ul>
 *   <li>{@code mqtt.uri} absent: an embedded MQTT broker on loopback is the cloud broker;</li>
 *   <li>{@code updates.uri} absent: manifests and images are read from {@code <state>/updates}
 *       ({@code <product>/<channel>/manifest}, {@code sha256/<hex>}); manifests are verified with
 *       {@code updates.vendorKeys} either way, so serving updates needs at least one;</li>
 *   <li>{@code est.uri} absent: standalone, certificates are signed by the local CA in
 *       {@code <state>/pki}.</li>
 * </ul>
 *
 * Connections to the cloud use the gateway's own identity as client certificate and trust the
 * system's CA certificates.
 *
 * @param mqtt       the cloud broker, {@code mqtt://host[:port]} or {@code mqtts://host[:port]}
 * @param updates    the vendor's update origin, {@code https://…} (base of {@code sha256/<hex>} and
 *                   {@code <product>/<channel>/manifest})
 * @param vendorKeys PEM public key files whose signatures on update manifests are accepted
 * @param est        the cloud CA's EST endpoint, {@code https://…/.well-known/est}
 */
public record CloudConfig(Optional<URI> mqtt, Optional<URI> updates, List<Path> vendorKeys, Optional<URI> est) {

    /** Every upstream embedded, no vendor keys. */
    public static final CloudConfig EMBEDDED = new CloudConfig(Optional.empty(), Optional.empty(), List.of(), Optional.empty());

    public CloudConfig {
        requireNonNull(mqtt, "mqtt");
        requireNonNull(updates, "updates");
        vendorKeys = List.copyOf(requireNonNull(vendorKeys, "vendorKeys"));
        requireNonNull(est, "est");
    }

    /** Where the embedded update origin keeps manifests and images: {@code <state>/updates}. */
    public static Path embeddedUpdates(Path state) {
        return state.resolve("updates");
    }
}
