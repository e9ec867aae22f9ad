package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CoAP or HTTP part of a rule: request methods and path patterns
 * ({@link Template.Kind#PATH}: {@code *} one segment, {@code **} last for the rest).
 *
 * @param methods the methods covered, in upper case ({@code GET}, {@code POST}, ...); empty means all
 * @param paths   the path patterns, at least one
 */
public record PathClause(Set<String> methods, List<String> paths) {

    public PathClause {
        methods = requireNonNull(methods, "methods").stream()
                .map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        paths = List.copyOf(requireNonNull(paths, "paths"));
        for (String m : methods) {
            if (!m.matches("[A-Z][A-Z_-]*")) {
                throw new IllegalArgumentException("method: " + m + " (expected: a method name such as GET or POST)");
            }
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("paths: [] (expected: at least one path pattern)");
        }
        paths.forEach(p -> Template.parse(Template.Kind.PATH, p));
    }

    /** {@code methods} (empty: all) on {@code paths}. */
    public static PathClause of(Set<String> methods, String... paths) {
        return new PathClause(methods, List.of(paths));
    }
}
