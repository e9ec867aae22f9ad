package io.palisade.config.policy.cases;

import static java.util.Objects.requireNonNull;

import io.palisade.config.LoadResult;
import io.palisade.config.internal.KeySuggestions;
import io.palisade.config.internal.Mark;
import io.palisade.config.internal.ModelErrors;
import io.palisade.config.internal.Problems;
import io.palisade.config.internal.SchemaCheck;
import io.palisade.config.internal.YamlTree;
import io.palisade.config.internal.YamlTreeReader;
import io.palisade.core.policy.Outcome;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.model.SourceRef;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Loads a test-cases file ({@code kind: PolicyTest}, see {@value #SCHEMA_RESOURCE}) into
 * {@link PolicyTests}, or reports every problem of the file at once, each at its position:
 * <pre>
 * apiVersion: palisade/v1
 * kind: PolicyTest
 * now: 2025-06-01T12:00:00Z            # optional: attestation ages count back from it
 * devices:                             # optional: named devices, written once
 *   lobby: {id: 700c…, tenant: acme, product: acme-thermostat, attestedAgo: 1h}
 * cases:
 *   - name: thermostat publishes its telemetry
 *     device: lobby                    # a name above, or a device written out
 *     request: mqtt publish devices/700c…/telemetry
 *     expect: {decision: allow, rule: thermostats/telemetry-up}
 * </pre>
 * A device may carry {@code groups} and {@code attributes}, which replace the site registry's
 * entry for its id during the run; the same id must then say the same everywhere in the file.
 */
public final class PolicyTestLoader {

    /** The class path resource of the JSON Schema of test-cases files. */
    public static final String SCHEMA_RESOURCE = "io/palisade/config/schema/policy-tests-v1.json";

    private final Problems problems;
    private final YamlTree tree;
    private final Map<String, TestDevice> named = new HashMap<>();
    private final Map<String, String> registryOverrideAt = new HashMap<>();
    private final Map<String, TestDevice> registryOverride = new HashMap<>();

    private PolicyTestLoader(Problems problems, YamlTree tree) {
        this.problems = problems;
        this.tree = tree;
    }

    /** Loads {@code file}; problems and case positions name it as given here. */
    public static LoadResult<PolicyTests> load(Path file) {
        requireNonNull(file, "file");
        Problems problems = new Problems(file);
        Optional<YamlTree> tree = YamlTreeReader.read(problems);
        if (tree.isEmpty()) {
            return LoadResult.failed(problems.sorted());
        }
        PolicyTests tests = new PolicyTestLoader(problems, tree.get()).read();
        Schema.CHECK.check(tree.get(), problems);
        return problems.isEmpty() ? LoadResult.loaded(tests) : LoadResult.failed(problems.sorted());
    }

    private PolicyTests read() {
        JsonNode root = tree.root();
        Optional<Instant> now = text(root.get("now")).flatMap(text -> {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException e) {
                report("now", text, "an ISO-8601 time in UTC, e.g. 2025-06-01T12:00:00Z");
                return Optional.empty();
            }
        });
        JsonNode devices = root.path("devices");
        if (devices.isObject()) {
            for (String name : devices.propertyNames()) {
                device(YamlTree.child("devices", name), devices.get(name)).ifPresent(d -> named.put(name, d));
            }
        }
        List<PolicyTestCase> cases = new ArrayList<>();
        JsonNode written = root.path("cases");
        for (int i = 0; i < written.size() && written.isArray(); i++) {
            testCase(YamlTree.element("cases", i), written.get(i)).ifPresent(cases::add);
        }
        return new PolicyTests(problems.file(), now, cases);
    }

    private Optional<PolicyTestCase> testCase(String path, JsonNode node) {
        if (!node.isObject()) {
            return Optional.empty();
        }
        Optional<TestDevice> device = Optional.empty();
        JsonNode deviceNode = node.get("device");
        if (deviceNode != null && deviceNode.isString()) {
            String name = deviceNode.asString();
            device = Optional.ofNullable(named.get(name));
            List<String> written = new ArrayList<>(tree.root().path("devices").propertyNames());
            if (device.isEmpty() && !written.contains(name)) {
                report(path + ".device", name, "a device named under devices" + (written.isEmpty() ? " (there are none)"
                        : KeySuggestions.closest(name, written).map(s -> "; did you mean `" + s + "`?").orElse("")));
            }
        } else if (deviceNode != null) {
            device = device(path + ".device", deviceNode);
        }
        Optional<Request> request = text(node.get("request")).flatMap(line -> {
            try {
                return Optional.of(RequestLine.parse(line));
            } catch (IllegalArgumentException e) {
                report(path + ".request", line, ModelErrors.expected("a request", e));
                return Optional.empty();
            }
        });
        JsonNode expect = node.path("expect");
        Optional<Outcome> outcome = text(expect.get("decision")).filter(d -> d.matches("allow|deny|audit"))
                .map(d -> Outcome.valueOf(d.toUpperCase(Locale.ROOT)));
        if (device.isEmpty() || request.isEmpty() || outcome.isEmpty()) {
            return Optional.empty();
        }
        Expectation expectation = new Expectation(outcome.get(), text(expect.get("rule")));
        String name = text(node.get("name")).orElse(request.get().toString());
        return Optional.of(new PolicyTestCase(name, device.get(), request.get(), expectation, ref(path)));
    }

    private Optional<TestDevice> device(String path, JsonNode node) {
        Optional<TestDevice> device = TestDevices.read(node, (at, value, expected) -> report(path + "." + at, value, expected));
        device.filter(TestDevice::overridesRegistry).ifPresent(d -> {
            String id = d.id().value();
            TestDevice first = registryOverride.putIfAbsent(id, d);
            registryOverrideAt.putIfAbsent(id, path);
            if (first != null && (!first.groups().equals(d.groups()) || !first.attributes().equals(d.attributes()))) {
                report(path, id, "the same groups and attributes for a device id throughout the file; "
                        + registryOverrideAt.get(id) + " at " + tree.valueAt(registryOverrideAt.get(id)) + " says otherwise");
            }
        });
        return device;
    }

    private void report(String path, String value, String expected) {
        problems.add(tree.valueAt(path), path, value, expected);
    }

    private SourceRef ref(String path) {
        Mark at = tree.valueAt(path);
        return SourceRef.of(problems.file().toString(), at.line(), at.column());
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isString() ? Optional.of(node.asString()) : Optional.empty();
    }

    /** Loaded once, on first use. */
    private static final class Schema {
        static final SchemaCheck CHECK = SchemaCheck.fromResource(SCHEMA_RESOURCE);
    }
}
