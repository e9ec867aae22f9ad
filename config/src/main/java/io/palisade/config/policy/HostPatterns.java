package io.palisade.config.policy;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Egress host names as rules write them: a DNS name matched exactly ({@code api.example.com}),
 * or a left-most wildcard label ({@code *.example.com}: any name below example.com, at any depth,
 * but not example.com itself). Names are compared without regard to case. A variable may fill a
 * whole label. Addresses are not host names: they are written as a {@code cidr}.
 */
final class HostPatterns {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern ADDRESS = Pattern.compile("[0-9.]+|.*:.*");

    static final String EXPECTED = "a DNS name (api.example.com) or a left-most wildcard (*.example.com)";

    private HostPatterns() {
    }

    /** What is wrong with {@code host}, phrased as what was expected; empty if nothing. */
    static Optional<String> problemWith(String host, Set<String> vars) {
        if (ADDRESS.matcher(host).matches()) {
            return Optional.of(EXPECTED + "; write an address as cidr: " + host
                    + (host.contains(":") ? "/128" : "/32"));
        }
        if (host.length() > 253) {
            return Optional.of(EXPECTED + " of at most 253 characters");
        }
        String[] labels = host.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (label.equals("*") && i == 0 && labels.length > 2) {
                continue;
            }
            if (label.contains("*")) {
                return Optional.of(label.equals("*") && i == 0 ? EXPECTED + "; a wildcard needs at least two labels after it"
                        : EXPECTED + "; * only as the whole first label");
            }
            if (!label.contains("${") && !LABEL.matcher(label).matches()) {
                return Optional.of(EXPECTED + "; labels of a-z, 0-9 and '-', 1-63 characters");
            }
        }
        return Variables.problemWith(host, '.', "DNS label", vars);
    }
}
