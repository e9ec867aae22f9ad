package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pattern as admins write it, split into segments: an MQTT topic filter ({@link Kind#TOPIC},
 * levels split on {@code /}), a CoAP or HTTP path ({@link Kind#PATH}, segments after a leading
 * {@code /}) or an egress host name ({@link Kind#HOST}, DNS labels split on {@code .}).
 *
 * <h2>Grammar</h2>
 * <ul>
 *   <li>TOPIC: levels may be empty ({@code /finance} is {@code ""} then {@code finance}); {@code +}
 *       is one whole level, {@code #} the whole last level; a literal level holds neither, nor NUL.</li>
 *   <li>PATH: starts with {@code /}; no empty segment, none equal to {@code .} or {@code ..};
 *       {@code *} is one whole non-empty segment; {@code **}, only last, is zero or more segments.
 *       {@code /} alone is the root (no segment).</li>
 *   <li>HOST: case-insensitive (kept lower case), one trailing dot ignored; labels are
 *       {@code [a-z0-9_-]+}; {@code *} only as the whole left-most label, standing for exactly
 *       one label ({@code *.example.com} matches {@code a.example.com}, not {@code example.com}
 *       nor {@code a.b.example.com}).</li>
 * </ul>
 *
 * <h2>Variables</h2>
 * {@code ${name}} must be a whole segment. Names: {@code device.id}, {@code device.tenant},
 * {@code device.product}, {@code device.firmware} ({@code sha256:<hex>}),
 * {@code device.attr.<key>} (registry attribute) and {@code vars.<key>} (the policy's own
 * {@code vars}). {@code vars} are constants written by the admin and bound when a policy is
 * built ({@link #bind}): a value may stand for several whole segments ({@code cloud:
 * mqtt.cloud.example.com} fills a whole host) and each piece must be a valid literal. Device
 * variables are bound per device by the engine and fill exactly one segment: a value that is
 * not {@link #isSafeValue safe} makes the rule not match.
 */
public final class Template {

    /** Which grammar a pattern follows. */
    public enum Kind {
        TOPIC('/'), PATH('/'), HOST('.');

        private final char separator;

        Kind(char separator) {
            this.separator = separator;
        }

        /** The character between segments. */
        public char separator() {
            return separator;
        }
    }

    /** One segment of a pattern. */
    public sealed interface Segment permits Literal, AnyOne, AnyRest, Variable {}

    /** A segment that must be equal (for HOST: already lower case). */
    public record Literal(String text) implements Segment {}

    /** {@code +} (TOPIC) or {@code *} (PATH, HOST): exactly one segment. */
    public record AnyOne() implements Segment {}

    /** {@code #} (TOPIC) or {@code **} (PATH): the rest, zero or more segments; always last. */
    public record AnyRest() implements Segment {}

    /** {@code ${name}}: one segment filled per device. */
    public record Variable(String name) implements Segment {}

    private static final Pattern VARIABLE = Pattern.compile(
            "device\\.(id|tenant|product|firmware)|device\\.attr\\.[A-Za-z0-9_.-]+|vars\\.[A-Za-z0-9_-]+");
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9_-]+");

    private final Kind kind;
    private final String text;
    private final List<Segment> segments;

    private Template(Kind kind, String text, List<Segment> segments) {
        this.kind = kind;
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    /** Parses {@code text}; the message of the exception says what is wrong and what was expected. */
    public static Template parse(Kind kind, String text) {
        requireNonNull(kind, "kind");
        requireNonNull(text, "text");
        String body = text;
        if (kind == Kind.PATH) {
            if (!text.startsWith("/")) {
                throw bad(kind, text, "a path starting with /");
            }
            body = text.substring(1);
        } else if (kind == Kind.HOST && body.endsWith(".")) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.isEmpty() && kind != Kind.PATH) {
            throw bad(kind, text, "a non-empty pattern");
        }
        List<Segment> out = new ArrayList<>();
        List<String> parts = body.isEmpty() ? List.of() : split(body, kind.separator);
        for (int i = 0; i < parts.size(); i++) {
            out.add(segment(kind, text, parts.get(i), i, i == parts.size() - 1));
        }
        if (kind == Kind.HOST && body.length() > 253) {
            throw bad(kind, text, "a host name of at most 253 characters");
        }
        return new Template(kind, kind == Kind.HOST ? canonicalHost(out) : text, out);
    }

    /** Splits on {@code separator} outside {@code ${...}} (variable names hold dots). */
    private static List<String> split(String body, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '$' && i + 1 < body.length() && body.charAt(i + 1) == '{') {
                int close = body.indexOf('}', i);
                if (close > 0) {
                    i = close;
                    continue;
                }
            }
            if (c == separator) {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(body.substring(start));
        return parts;
    }

    private static String canonicalHost(List<Segment> labels) {
        StringBuilder b = new StringBuilder();
        for (Segment s : labels) {
            b.append(b.length() == 0 ? "" : ".").append(s instanceof Literal l ? l.text()
                    : s instanceof Variable v ? "${" + v.name() + "}" : "*");
        }
        return b.toString();
    }

    private static Segment segment(Kind kind, String text, String part, int index, boolean last) {
        if (part.startsWith("${") && part.endsWith("}")) {
            String name = part.substring(2, part.length() - 1);
            if (!VARIABLE.matcher(name).matches()) {
                throw bad(kind, text, "known variables: device.id, device.tenant, device.product, device.firmware, "
                        + "device.attr.<key>, vars.<key>; got ${" + name + "}");
            }
            return new Variable(name);
        }
        if (part.contains("${")) {
            throw bad(kind, text, "a variable filling a whole segment");
        }
        switch (kind) {
            case TOPIC:
                if (part.equals("+")) {
                    return new AnyOne();
                }
                if (part.equals("#")) {
                    if (!last) {
                        throw bad(kind, text, "# only as the last level");
                    }
                    return new AnyRest();
                }
                if (part.indexOf('+') >= 0 || part.indexOf('#') >= 0 || part.indexOf('\0') >= 0) {
                    throw bad(kind, text, "+ and # only as whole levels, no NUL");
                }
                return new Literal(part);
            case PATH:
                if (part.equals("*")) {
                    return new AnyOne();
                }
                if (part.equals("**")) {
                    if (!last) {
                        throw bad(kind, text, "** only as the last segment");
                    }
                    return new AnyRest();
                }
                if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('*') >= 0
                        || part.indexOf('\0') >= 0) {
                    throw bad(kind, text, "non-empty segments, no . or .., * and ** only as whole segments");
                }
                return new Literal(part);
            default:
                if (part.equals("*")) {
                    if (index != 0) {
                        throw bad(kind, text, "* only as the whole left-most label");
                    }
                    return new AnyOne();
                }
                String label = part.toLowerCase(Locale.ROOT);
                if (!HOST_LABEL.matcher(label).matches()) {
                    throw bad(kind, text, "labels of letters, digits, - and _, * only as the whole left-most label");
                }
                return new Literal(label);
        }
    }

    /**
     * This template with every {@code ${vars.<key>}} replaced by the literal segments of
     * {@code vars.get(key)}; device variables are left as they are.
     *
     * @throws IllegalArgumentException when a key is not in {@code vars} or its value is not a
     *                                  sequence of valid literal segments for this kind
     */
    public Template bind(Map<String, String> vars) {
        requireNonNull(vars, "vars");
        if (variables().stream().noneMatch(v -> v.startsWith("vars."))) {
            return this;
        }
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) {
            if (s instanceof Variable v && v.name().startsWith("vars.")) {
                String key = v.name().substring("vars.".length());
                String value = vars.get(key);
                if (value == null) {
                    throw new IllegalArgumentException("${" + v.name() + "} in " + text
                            + " (expected: a key of the policy's vars, one of " + vars.keySet() + ")");
                }
                Template piece = parseValue(key, value);
                out.addAll(piece.segments);
            } else {
                out.add(s);
            }
        }
        return new Template(kind, text, out);
    }

    private Template parseValue(String key, String value) {
        String v = kind == Kind.PATH ? "/" + value : value;
        Template piece;
        try {
            piece = parse(kind, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vars." + key + ": " + value + " (expected: literal segments for " + text + ")");
        }
        if (piece.segments.isEmpty() || piece.segments.stream().anyMatch(s -> !(s instanceof Literal))) {
            throw new IllegalArgumentException("vars." + key + ": " + value
                    + " (expected: literal segments, no wildcard or variable, for " + text + ")");
        }
        return piece;
    }

    /**
     * Whether a device's variable value may fill one segment of this kind: not empty, none of
     * {@code / + # *}, no NUL, no {@code ..}, not {@code .}; for HOST also no {@code .} and only
     * letters, digits, {@code -} and {@code _} (compared in lower case).
     */
    public static boolean isSafeValue(Kind kind, String value) {
        if (value == null || value.isEmpty() || value.equals(".") || value.contains("..")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c == '*' || c == '\0') {
                return false;
            }
        }
        return kind != Kind.HOST || HOST_LABEL.matcher(value.toLowerCase(Locale.ROOT)).matches();
    }

    private static IllegalArgumentException bad(Kind kind, String text, String expected) {
        return new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT) + " pattern: " + text
                + " (expected: " + expected + ")");
    }

    public Kind kind() {
        return kind;
    }

    /** The pattern as written (HOST: in lower case, without a trailing dot). */
    public String text() {
        return text;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** The names of the variables this pattern uses, in order of appearance. */
    public Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        for (Segment s : segments) {
            if (s instanceof Variable v) {
                names.add(v.name());
            }
        }
        return names;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.kind == kind && t.text.equals(text) && t.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return text.hashCode() * 31 + segments.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
