package io.palisade.core.policy.match;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Topic filters to values, matched against a topic name level by level without splitting the
 * topic or allocating: children are compared in place ({@link String#regionMatches}), {@code +}
 * and {@code #} are branches of their own. Same semantics as {@link TopicFilters}. Build once,
 * then read from any number of threads.
 *
 * @param <T> what a filter leads to
 */
public final class TopicTrie<T> {

    /** Receives every value whose filter matches. */
    @FunctionalInterface
    public interface Visitor<T> {
        void visit(T value);
    }

    private static final class Node {
        String[] keys = new String[0];
        Node[] kids = new Node[0];
        Node plus;
        Object[] rest = new Object[0];
        Object[] exact = new Object[0];
    }

    private final Node root = new Node();
    private int size;

    /** Adds {@code value} under {@code filter} (levels, as {@link TopicFilters#levels}). */
    public void add(String[] filter, T value) {
        requireNonNull(filter, "filter");
        requireNonNull(value, "value");
        Node n = root;
        for (int i = 0; i < filter.length; i++) {
            String level = filter[i];
            if (level.equals("#")) {
                n.rest = append(n.rest, value);
                size++;
                return;
            }
            n = level.equals("+") ? plus(n) : child(n, level);
        }
        n.exact = append(n.exact, value);
        size++;
    }

    /** How many filters were added. */
    public int size() {
        return size;
    }

    /** Visits the value of every filter matching the topic name {@code topic}. */
    public void match(String topic, Visitor<? super T> visitor) {
        walk(root, topic, 0, true, visitor);
    }

    /** The values of every filter matching {@code topic}. */
    public List<T> matching(String topic) {
        List<T> out = new ArrayList<>();
        match(topic, out::add);
        return out;
    }

    @SuppressWarnings("unchecked")
    private void walk(Node n, String topic, int pos, boolean first, Visitor<? super T> visitor) {
        boolean dollar = first && topic.startsWith("$");
        if (!dollar) {
            for (Object v : n.rest) {
                visitor.visit((T) v);
            }
        }
        if (pos < 0) {
            for (Object v : n.exact) {
                visitor.visit((T) v);
            }
            return;
        }
        int end = topic.indexOf('/', pos);
        int len = (end < 0 ? topic.length() : end) - pos;
        int next = end < 0 ? -1 : end + 1;
        String[] keys = n.keys;
        for (int i = 0; i < keys.length; i++) {
            String k = keys[i];
            if (k.length() == len && topic.startsWith(k, pos)) {
                walk(n.kids[i], topic, next, false, visitor);
                break;
            }
        }
        if (n.plus != null && !dollar) {
            walk(n.plus, topic, next, false, visitor);
        }
    }

    private static Node plus(Node n) {
        if (n.plus == null) {
            n.plus = new Node();
        }
        return n.plus;
    }

    private static Node child(Node n, String level) {
        for (int i = 0; i < n.keys.length; i++) {
            if (n.keys[i].equals(level)) {
                return n.kids[i];
            }
        }
        Node c = new Node();
        n.keys = Arrays.copyOf(n.keys, n.keys.length + 1);
        n.keys[n.keys.length - 1] = level;
        n.kids = Arrays.copyOf(n.kids, n.kids.length + 1);
        n.kids[n.kids.length - 1] = c;
        return c;
    }

    private static Object[] append(Object[] a, Object v) {
        Object[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = v;
        return out;
    }
}
