package io.palisade.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import io.palisade.config.internal.Durations;
import io.palisade.config.policy.cases.RequestLine;
import io.palisade.core.identity.AttestationClaims;
import io.palisade.core.identity.AttestationExtension;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.FirmwareDigest;
import io.palisade.core.pki.PemFiles;
import io.palisade.core.policy.CompiledPolicies;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.Explanation;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.model.DeviceRegistry;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.RegistryEntry;
import io.palisade.core.policy.model.SourceRef;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code palisade policy explain}: "would device D be allowed to do X, and why". The device is given
 * by id (plus what its certificate would say), by certificate, or by attributes alone; the answer
 * names the decision, every rule that matched or nearly matched with file:line, and the generation.
 * Exit 0 allowed (or audit), 1 denied, 2 usage.
 */
@Command(name = "explain", description = {
        "Explain the decision for one device and one request, e.g.",
        "  palisade policy explain --device ID --tenant acme --product thermostat mqtt publish devices/ID/telemetry",
        "Requests: " + RequestLine.EXPECTED,
        "Exit 0 allowed (or allowed in audit), 1 denied, 2 usage."})
final class PolicyExplain implements Callable<Integer> {

    private static final DeviceId HYPOTHETICAL = new DeviceId("0".repeat(64));

    @Spec
    CommandSpec spec;

    @Option(names = "--policies", paramLabel = "DIR|FILE", defaultValue = PolicyFiles.DEFAULT_POLICIES,
            description = "The policies (default: ${DEFAULT-VALUE}).")
    Path policies;

    @Mixin
    PolicyFiles files;

    @ArgGroup(exclusive = true)
    Who who;

    static final class Who {
        @Option(names = "--device", paramLabel = "ID", description = "The device id (its groups come from the registry).")
        String id;

        @Option(names = "--cert", paramLabel = "FILE", description = "The device's certificate: id, tenant, product, attestation.")
        Path cert;
    }

    @Option(names = "--tenant", description = "The tenant (certificate O) when no --cert is given (default: ${DEFAULT-VALUE}).",
            defaultValue = "local")
    String tenant;

    @Option(names = "--product", description = "The product (certificate OU) when no --cert is given.")
    String product;

    @Option(names = "--attested-ago", paramLabel = "DURATION", description = "Attested this long ago (e.g. 2h), when no --cert is given.")
    String attestedAgo;

    @Option(names = "--group", paramLabel = "G", description = "Groups, replacing the registry's (repeatable).")
    List<String> groups;

    @Option(names = "--attr", paramLabel = "K=V", description = "Attributes, replacing the registry's (repeatable).")
    Map<String, String> attributes;

    @Parameters(paramLabel = "REQUEST", arity = "1..*", description = "The request, e.g. mqtt publish TOPIC, connect HOST:PORT.")
    List<String> request;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Request asked;
        try {
            asked = RequestLine.parse(String.join(" ", request));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DeviceContext device = device();
        Optional<PolicySet> loaded = files.load(policies, spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return 1;
        }
        PolicySet set = withOverrides(loaded.get(), device.id());
        Explanation explanation = CompiledPolicies.compile(set, 1, Clock.systemUTC()).explain(device, asked);
        if (device.id().equals(HYPOTHETICAL)) {
            out.println("(no --device or --cert: a hypothetical device with id " + HYPOTHETICAL + ")");
        }
        out.print(explanation);
        out.flush();
        return explanation.decision().outcome() == io.palisade.core.policy.Outcome.DENY ? 1 : 0;
    }

    private DeviceContext device() throws Exception {
        if (who != null && who.cert != null) {
            X509Certificate cert = PemFiles.readCertificate(who.cert);
            String cn = SubjectAttribute.of(cert, "CN").orElse(null);
            DeviceId id = DeviceId.of(cert.getPublicKey());
            if (!id.value().equals(cn)) {
                throw new IllegalArgumentException(who.cert + ": CN " + cn + " is not the hash of the certificate's key "
                        + "(expected: a device certificate; the gateway refuses this one at the handshake)");
            }
            Optional<AttestationClaims> attestation = AttestationExtension.of(cert);
            DeviceContext context = DeviceContext.of(id, SubjectAttribute.of(cert, "O").orElse(tenant), SubjectAttribute.of(cert, "OU"));
            return attestation.map(a -> context.attested(a.firmware(), a.attestedAt())).orElse(context);
        }
        DeviceId id = who != null && who.id != null ? parseId(who.id) : HYPOTHETICAL;
        DeviceContext context = DeviceContext.of(id, tenant, Optional.ofNullable(product));
        if (attestedAgo == null) {
            return context;
        }
        Duration ago = Durations.parse(attestedAgo).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "--attested-ago: " + attestedAgo + " (expected: a duration like 30m, 2h)"));
        return context.attested(new FirmwareDigest(new byte[32]), Instant.now().minus(ago));
    }

    private DeviceId parseId(String text) {
        if (!DeviceId.isValid(text)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--device: " + text + " (expected: 64 lowercase hex characters)");
        }
        return DeviceId.parse(text);
    }

    private PolicySet withOverrides(PolicySet set, DeviceId id) {
        if (groups == null && attributes == null) {
            return set;
        }
        RegistryEntry listed = set.registry().entry(id);
        Map<DeviceId, RegistryEntry> devices = new HashMap<>(set.registry().devices());
        devices.put(id, new RegistryEntry(groups == null ? listed.groups() : Set.copyOf(groups),
                attributes == null ? listed.attributes() : Map.copyOf(attributes), SourceRef.UNKNOWN));
        return new PolicySet(set.policies(), new DeviceRegistry(devices));
    }
}
