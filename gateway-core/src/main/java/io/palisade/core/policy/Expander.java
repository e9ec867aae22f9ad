package io.palisade.core.policy;

import java.util.List;
import java.util.Locale;

import io.palisade.core.policy.model.Template;
import io.palisade.core.policy.model.Template.AnyOne;
import io.palisade.core.policy.model.Template.AnyRest;
import io.palisade.core.policy.model.Template.Literal;
import io.palisade.core.policy.model.Template.Segment;
import io.palisade.core.policy.model.Template.Variable;

/**
 * Fills a pattern's device variables for one device, producing the segments the matchers use
 * ({@code +}/{@code #} for topics, {@code *}/{@code **} for paths, {@code *} for hosts).
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>{@code ${vars.<key>}} were bound when the policy was built (admin constants, validated
 *       then); only {@code device.*} variables remain here.</li>
 *   <li>A variable fills exactly one segment (topic level, path segment, DNS label). Its value is
 *       used as a literal, never as a pattern.</li>
 *   <li>A variable does not resolve when the device lacks the value: no product (OU), no
 *       attestation ({@code device.firmware}), no such registry attribute.</li>
 *   <li>A value is unusable when it is empty, is {@code .}, contains {@code ..}, or contains any
 *       of {@code / + # *} or NUL; in a host, also when it is not a single DNS label
 *       ({@code [a-z0-9_-]+}, compared in lower case).</li>
 *   <li>A rule with any pattern whose variable does not resolve or is unusable is itself
 *       unusable for that device. An unusable <em>allow</em> rule matches nothing. An unusable
 *       <em>deny</em> rule fails closed: it matches every request of the kinds its clauses cover,
 *       so a strange registry value can never open what a deny rule closes.</li>
 * </ol>
 */
final class Expander {

    private Expander() {
    }

    /** The expanded segments of {@code t} for the device, or null when the rule becomes unusable. */
    static String[] expand(Template t, DeviceVars vars) {
        List<Segment> segments = t.segments();
        String[] out = new String[segments.size()];
        for (int i = 0; i < out.length; i++) {
            Segment s = segments.get(i);
            if (s instanceof Literal l) {
                out[i] = l.text();
            } else if (s instanceof AnyOne) {
                out[i] = t.kind() == Template.Kind.TOPIC ? "+" : "*";
            } else if (s instanceof AnyRest) {
                out[i] = t.kind() == Template.Kind.TOPIC ? "#" : "**";
            } else {
                String value = vars.value(((Variable) s).name());
                if (!Template.isSafeValue(t.kind(), value)) {
                    return null;
                }
                out[i] = t.kind() == Template.Kind.HOST ? value.toLowerCase(Locale.ROOT) : value;
            }
        }
        return out;
    }

    /** Why {@code t} cannot be expanded for the device, or null when it can. */
    static String problem(Template t, DeviceVars vars) {
        for (String name : t.variables()) {
            String value = vars.value(name);
            if (value == null) {
                return "${" + name + "} does not resolve for this device";
            }
            if (!Template.isSafeValue(t.kind(), value)) {
                return "${" + name + "} = \"" + value.replace("\0", "\\0") + "\" cannot fill one "
                        + (t.kind() == Template.Kind.HOST ? "DNS label" : t.kind() == Template.Kind.TOPIC ? "topic level" : "path segment");
            }
        }
        return null;
    }

    /** The host pattern form of expanded labels ({@code *.example.com} or an exact name). */
    static String host(String[] labels) {
        return String.join(".", labels);
    }
}
