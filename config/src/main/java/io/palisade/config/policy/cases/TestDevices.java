package io.palisade.config.policy.cases;

import io.palisade.config.internal.Durations;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.FirmwareDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a device of a test-cases file: {@code id} and {@code tenant} (required), {@code product},
 * {@code attestedAgo}, {@code firmware}, {@code groups}, {@code attributes}. Wrong types and
 * malformed ids are the schema's to report; durations and digests are checked here.
 */
final class TestDevices {

    /** Where a problem goes: the key below the device, the value, what was expected. */
    interface Reporter {
        void report(String key, String value, String expected);
    }

    private TestDevices() {
    }

    static Optional<TestDevice> read(JsonNode node, Reporter reporter) {
        if (!node.isObject()) {
            return Optional.empty();
        }
        Optional<String> id = text(node.get("id")).filter(DeviceId::isValid);
        Optional<String> tenant = text(node.get("tenant"));
        Optional<Duration> ago = Optional.empty();
        boolean ok = true;
        Optional<String> agoText = text(node.get("attestedAgo"));
        if (agoText.isPresent()) {
            ago = Durations.parse(agoText.get());
            if (ago.isEmpty()) {
                reporter.report("attestedAgo", agoText.get(), Durations.EXPECTED);
                ok = false;
            }
        }
        Optional<FirmwareDigest> firmware = Optional.empty();
        Optional<String> firmwareText = text(node.get("firmware"));
        if (firmwareText.isPresent()) {
            try {
                firmware = Optional.of(FirmwareDigest.parse(firmwareText.get()));
            } catch (IllegalArgumentException e) {
                ok = false; // the schema states the form
            }
        }
        if (!ok || id.isEmpty() || tenant.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TestDevice(DeviceId.parse(id.get()), tenant.get(), text(node.get("product")), firmware, ago,
                groups(node.get("groups")), attributes(node.get("attributes"))));
    }

    private static Optional<Set<String>> groups(JsonNode node) {
        if (node == null || !node.isArray()) {
            return Optional.empty();
        }
        Set<String> groups = new LinkedHashSet<>();
        node.forEach(g -> text(g).ifPresent(groups::add));
        return Optional.of(groups);
    }

    private static Optional<Map<String, String>> attributes(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : node.propertyNames()) {
            JsonNode value = node.get(name);
            if (value.isValueNode() && !value.isNull()) {
                attributes.put(name, value.asString());
            }
        }
        return Optional.of(attributes);
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isString() ? Optional.of(node.asString()) : Optional.empty();
    }
}
