package io.palisade.config.policy;

import io.palisade.config.internal.ModelErrors;
import io.palisade.config.internal.YamlTree;
import io.palisade.core.policy.model.Cidr;
import io.palisade.core.policy.model.EgressTarget;
import io.palisade.core.policy.model.PortRange;
import io.palisade.core.policy.model.Transport;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a rule's egress destinations ({@code to:}): each exactly one of {@code host} (a pattern,
 * see {@link Patterns#host}) and {@code cidr} (parsed by the core's {@link Cidr}: host bits set
 * are an error), optional {@code ports} and {@code transports}.
 */
final class EgressReader {

    static final String CIDR_EXPECTED = "a network in CIDR form";

    private EgressReader() {
    }

    /** The destinations at {@code path} (none when absent), or empty when a problem was reported. */
    static Optional<List<EgressTarget>> read(PolicyFile file, Patterns patterns, String path, JsonNode to) {
        List<EgressTarget> targets = new ArrayList<>();
        if (to == null) {
            return Optional.of(targets);
        }
        if (!to.isArray()) {
            return Optional.empty(); // a wrong type: the schema reports it
        }
        boolean ok = true;
        for (int i = 0; i < to.size(); i++) {
            Optional<EgressTarget> target = target(file, patterns, YamlTree.element(path, i), to.get(i));
            target.ifPresent(targets::add);
            ok &= target.isPresent();
        }
        return ok ? Optional.of(targets) : Optional.empty();
    }

    private static Optional<EgressTarget> target(PolicyFile file, Patterns patterns, String path, JsonNode node) {
        if (!node.isObject()) {
            return Optional.empty(); // a wrong type: the schema reports it
        }
        if (node.has("host") == node.has("cidr")) {
            file.report(path, node.has("host") ? "both host and cidr" : "neither host nor cidr",
                    "exactly one of host and cidr (write two destinations for both)");
            return Optional.empty();
        }
        Optional<String> host = PolicyFile.text(node.get("host")).flatMap(h -> patterns.host(path + ".host", h));
        Optional<Cidr> cidr = PolicyFile.text(node.get("cidr")).flatMap(c -> cidr(file, path + ".cidr", c));
        List<PortRange> ports = new ArrayList<>();
        boolean ok = host.isPresent() || cidr.isPresent();
        JsonNode written = node.path("ports");
        for (int i = 0; i < written.size() && written.isArray(); i++) {
            PortRanges.Result port = PortRanges.parse(written.get(i));
            port.range().ifPresent(ports::add);
            if (port.range().isEmpty()) {
                file.report(YamlTree.element(path + ".ports", i), PolicyFile.describe(written.get(i)), port.expected());
                ok = false;
            }
        }
        Set<Transport> transports = EnumSet.noneOf(Transport.class);
        node.path("transports").forEach(t -> PolicyFile.text(t).filter(s -> s.equals("tcp") || s.equals("udp"))
                .ifPresent(s -> transports.add(Transport.parse(s))));
        return ok ? Optional.of(new EgressTarget(host, cidr, ports, transports)) : Optional.empty();
    }

    private static Optional<Cidr> cidr(PolicyFile file, String path, String text) {
        try {
            return Optional.of(Cidr.parse(text));
        } catch (IllegalArgumentException e) {
            file.report(path, text, ModelErrors.expected(CIDR_EXPECTED, e));
            return Optional.empty();
        }
    }
}
