package io.palisade.config.policy;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.FirmwareDigest;
import io.palisade.core.policy.model.Selector;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code spec.selector} into the core's {@link Selector}: {@code tenant} and
 * {@code product} (one value or a list), {@code groups}, {@code ids}, {@code firmware}, or
 * {@code all: true} alone. Fields combine with AND, the values of a field with OR. An empty
 * selector is refused (by the schema): selecting every device is written {@code all: true}, so
 * that it is never an accident.
 */
final class SelectorReader {

    private SelectorReader() {
    }

    /** The selector of {@code file}, or empty when it is missing or a problem was reported. */
    static Optional<Selector> read(PolicyFile file) {
        JsonNode selector = file.spec().get("selector");
        if (selector == null || !selector.isObject() || selector.isEmpty()) {
            return Optional.empty();
        }
        if (selector.has("all")) {
            if (selector.size() > 1) {
                file.report("spec.selector.all", PolicyFile.describe(selector.get("all")),
                        "all: true alone, or other fields without all (all already picks every device)");
                return Optional.empty();
            }
            return selector.get("all").asBoolean(false) ? Optional.of(Selector.EVERY_DEVICE) : Optional.empty();
        }
        try {
            return Optional.of(new Selector(values(selector.get("product"), s -> s), values(selector.get("tenant"), s -> s),
                    values(selector.get("groups"), s -> s), values(selector.get("ids"), DeviceId::parse),
                    values(selector.get("firmware"), FirmwareDigest::parse)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a malformed id or digest: the schema reports it with its position
        }
    }

    /** One text or a list of texts, parsed; absent means no constraint. */
    private static <T> Set<T> values(JsonNode node, Function<String, T> parse) {
        Set<T> out = new LinkedHashSet<>();
        if (node == null) {
            return out;
        }
        if (node.isString()) {
            out.add(parse.apply(node.asString()));
        }
        node.forEach(v -> PolicyFile.text(v).map(parse).ifPresent(out::add));
        return out;
    }
}
