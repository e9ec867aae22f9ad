package io.palisade.core.policy;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a raw HTTP request path into the decoded segments the engine judges. The path is split
 * on {@code /} first and each segment percent-decoded after, so {@code %2F} stays inside its
 * segment (and then matches no rule, as does a segment holding NUL, {@code .} or {@code ..}).
 */
public final class HttpPaths {

    private HttpPaths() {
    }

    /**
     * The decoded segments of {@code rawPath} (query and fragment removed), or empty when the path
     * does not start with {@code /} or holds a malformed percent escape.
     */
    public static Optional<List<String>> segments(String rawPath) {
        requireNonNull(rawPath, "rawPath");
        String p = rawPath;
        int cut = indexOfAny(p, '?', '#');
        if (cut >= 0) {
            p = p.substring(0, cut);
        }
        if (!p.startsWith("/")) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        if (p.length() == 1) {
            return Optional.of(out);
        }
        for (String raw : p.substring(1).split("/", -1)) {
            String decoded = decode(raw);
            if (decoded == null) {
                return Optional.empty();
            }
            out.add(decoded);
        }
        return Optional.of(out);
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
