package io.palisade.bench.policy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.FirmwareDigest;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.model.DeviceRegistry;
import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.EstOperation;
import io.palisade.core.policy.model.Limits;
import io.palisade.core.policy.model.MqttClause;
import io.palisade.core.policy.model.Mode;
import io.palisade.core.policy.model.PathClause;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.PortRange;
import io.palisade.core.policy.model.RegistryEntry;
import io.palisade.core.policy.model.Requirements;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;
import io.palisade.core.policy.model.SourceRef;

/**
 * A realistic site, generated from a fixed seed: 100 policies of 10 rules (1,000 rules) over 20
 * products and 50 site groups, and 10,000 devices in the registry, each with a product, a site
 * group, a floor group and a {@code site} attribute, attested an hour ago. Every device is selected
 * by a product policy (with {@code require: attestedWithin}), a site policy and a fleet-wide
 * policy, so a decision weighs some 30 rules of three policies.
 */
public final class PolicyWorkload {

    public static final int POLICIES = 100;
    public static final int RULES_PER_POLICY = 10;
    public static final int DEVICES = 10_000;
    public static final int PRODUCTS = 20;
    public static final int SITES = 50;
    public static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    public final PolicySet set;
    public final DeviceContext[] devices = new DeviceContext[DEVICES];
    /** Per device: a publish its policies allow (its own telemetry topic). */
    public final Request[] telemetry = new Request[DEVICES];

    public PolicyWorkload() {
        Random random = new Random(42);
        List<Policy> policies = new ArrayList<>();
        for (int p = 0; p < PRODUCTS; p++) {
            policies.add(productPolicy(p));
        }
        for (int s = 0; s < SITES; s++) {
            policies.add(sitePolicy(s));
        }
        for (int f = 0; policies.size() < POLICIES; f++) {
            policies.add(fleetPolicy(f));
        }
        Map<DeviceId, RegistryEntry> registry = new HashMap<>();
        FirmwareDigest fw = FirmwareDigest.parse("sha256:" + "5a".repeat(32));
        for (int i = 0; i < DEVICES; i++) {
            DeviceId id = DeviceId.ofSubjectPublicKeyInfo(("device-" + i).getBytes(StandardCharsets.UTF_8));
            int site = random.nextInt(SITES);
            registry.put(id, new RegistryEntry(Set.of("site-" + site, "floor-" + random.nextInt(8)),
                    Map.of("site", "site" + site, "room", "r" + random.nextInt(100)), SourceRef.of("devices.yaml", i + 1, 3)));
            devices[i] = DeviceContext.of(id, "acme", Optional.of("product-" + random.nextInt(PRODUCTS)))
                    .attested(fw, NOW.minus(Duration.ofHours(1)));
            telemetry[i] = new Request.MqttPublish("devices/" + id.value() + "/telemetry", 1);
        }
        set = new PolicySet(policies, new DeviceRegistry(registry));
    }

    private static SourceRef at(String file, int line) {
        return SourceRef.of(file, line, 7);
    }

    private static Policy productPolicy(int p) {
        String file = "policies.d/10-product-" + p + ".yaml";
        List<Rule> rules = List.of(
                Rule.allow("telemetry-up").source(at(file, 14)).mqtt(MqttClause.publish("devices/${device.id}/telemetry",
                        "devices/${device.id}/events/+").withQos(0, 1)).build(),
                Rule.allow("state").source(at(file, 19)).mqtt(MqttClause.publish("devices/${device.id}/state/#")).build(),
                Rule.allow("commands-down").source(at(file, 23)).mqtt(MqttClause.subscribe("devices/${device.id}/commands/#")).build(),
                Rule.deny("no-debug").source(at(file, 27)).mqtt(MqttClause.publish("devices/${device.id}/debug/#")).build(),
                Rule.allow("vendor-api").source(at(file, 31)).to(EgressTarget.host("api.vendor" + p + ".example", PortRange.of(443)),
                        EgressTarget.host("*.telemetry.vendor" + p + ".example", PortRange.of(443))).build(),
                Rule.allow("firmware-updates").source(at(file, 35)).updates("stable").build(),
                Rule.allow("certificate-renewal").source(at(file, 38)).est(EstOperation.REENROLL).build(),
                Rule.allow("sensor-readings").source(at(file, 41)).coap(PathClause.of(Set.of("POST"), "/sensors/${device.id}/*")).build(),
                Rule.allow("config-pull").source(at(file, 44)).coap(PathClause.of(Set.of("GET"), "/config/${device.attr.site}/**")).build(),
                Rule.deny("no-lateral-movement").source(at(file, 47)).to(EgressTarget.cidr("10.0.0.0/8"),
                        EgressTarget.cidr("192.168.0.0/16"), EgressTarget.cidr("fd00::/8")).build());
        return new Policy("product-" + p, at(file, 4), Mode.ENFORCE, Selector.products("product-" + p),
                Requirements.attestedWithin(Duration.ofHours(24)), false, Map.of(), rules, Limits.of(4, 20, 65536L));
    }

    private static Policy sitePolicy(int s) {
        String file = "policies.d/20-site-" + s + ".yaml";
        List<Rule> rules = new ArrayList<>();
        for (int r = 0; r < RULES_PER_POLICY - 2; r++) {
            rules.add(Rule.allow("site-feed-" + r).source(at(file, 10 + 3 * r))
                    .mqtt(MqttClause.publish("sites/${device.attr.site}/feeds/" + r + "/${device.id}")).build());
        }
        rules.add(Rule.allow("site-broadcast").source(at(file, 40)).mqtt(MqttClause.subscribe("sites/${device.attr.site}/broadcast/+")).build());
        rules.add(Rule.allow("site-gateway").source(at(file, 43)).to(EgressTarget.cidr("172.16." + s + ".0/24", PortRange.parse("8000-8100"))).build());
        return new Policy("site-" + s, at(file, 4), Mode.ENFORCE, Selector.groups("site-" + s), Requirements.NONE, false,
                Map.of("zone", "z" + s), rules, Limits.of(8, 50, null));
    }

    private static Policy fleetPolicy(int f) {
        String file = "policies.d/30-fleet-" + f + ".yaml";
        List<Rule> rules = new ArrayList<>();
        for (int r = 0; r < RULES_PER_POLICY; r++) {
            rules.add(Rule.allow("fleet-" + r).source(at(file, 10 + 3 * r))
                    .mqtt(MqttClause.publish("fleet/" + f + "/" + r + "/${device.id}/+")).build());
        }
        return new Policy("fleet-" + f, at(file, 4), f % 10 == 0 ? Mode.AUDIT : Mode.ENFORCE, Selector.groups("floor-" + (f % 8)),
                Requirements.NONE, false, Map.of(), rules, Limits.NONE);
    }
}
