package io.palisade.config.policy;

import java.util.Optional;
import java.util.Set;

/**
 * CoAP URI paths as rules write them: {@code /} and segments, where {@code *} stands for exactly
 * one whole segment and a last segment {@code **} for any number of remaining segments (zero
 * included); variables fill whole segments.
 */
final class CoapPaths {

    private CoapPaths() {
    }

    /** What is wrong with {@code path}, phrased as what was expected; empty if nothing. */
    static Optional<String> problemWith(String path, Set<String> vars) {
        if (!path.startsWith("/")) {
            return Optional.of("a CoAP path starting with /");
        }
        if (path.equals("/")) {
            return Optional.empty();
        }
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                return Optional.of("a CoAP path without empty segments (no // and no trailing /)");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("a CoAP path without . or .. segments");
            }
            if (segment.equals("**") && i != segments.length - 1) {
                return Optional.of("a CoAP path with ** only as the last segment");
            }
            if (segment.contains("*") && !segment.equals("*") && !segment.equals("**")) {
                return Optional.of("a CoAP path with * only as a whole segment (/a/*/c)");
            }
        }
        return Variables.problemWith(path, '/', "path segment", vars);
    }
}
