package io.palisade.core.policy.match;

import java.util.List;

/**
 * CoAP and HTTP path patterns, already expanded into segments: a literal segment matches itself,
 * {@code *} one non-empty segment, {@code **} (last) the rest, zero or more segments. Request
 * paths are segment lists (CoAP Uri-Path options, decoded HTTP segments); a request segment
 * holding {@code /} or NUL, or equal to {@code .} or {@code ..}, makes the path
 * {@linkplain #isSafe unsafe}, and an unsafe path matches no rule.
 */
public final class PathPatterns {

    private PathPatterns() {
    }

    /** Whether {@code pattern} (segments; {@code *}, {@code **} as wildcards) matches {@code path}. */
    public static boolean matches(String[] pattern, List<String> path) {
        int n = path.size();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.equals("**")) {
                return true;
            }
            if (i == n) {
                return false;
            }
            String s = path.get(i);
            if (p.equals("*") ? s.isEmpty() : !p.equals(s)) {
                return false;
            }
        }
        return pattern.length == n;
    }

    /** Whether no segment of {@code path} holds {@code /} or NUL or is {@code .} or {@code ..}. */
    public static boolean isSafe(List<String> path) {
        for (String s : path) {
            if (s.indexOf('/') >= 0 || s.indexOf('\0') >= 0 || s.equals(".") || s.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
