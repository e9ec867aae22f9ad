package io.palisade.config.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Finds the allowed key an operator most likely meant when writing an unknown one: the closest
 * by Levenshtein distance, if within {@value #MAX_DISTANCE} edits (ignoring case).
 */
public final class KeySuggestions {

    /** Farther than this, a suggestion is more confusing than helpful. */
    public static final int MAX_DISTANCE = 2;

    private KeySuggestions() {
    }

    /** The allowed key closest to {@code written}, if it is within {@value #MAX_DISTANCE} edits. */
    public static Optional<String> closest(String written, Collection<String> allowed) {
        String lower = written.toLowerCase(java.util.Locale.ROOT);
        return allowed.stream()
                .filter(candidate -> distance(lower, candidate.toLowerCase(java.util.Locale.ROOT)) <= MAX_DISTANCE)
                .min(Comparator.comparingInt((String c) -> distance(lower, c.toLowerCase(java.util.Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** The Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
