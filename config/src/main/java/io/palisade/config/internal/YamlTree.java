package io.palisade.config.internal;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A parsed YAML document together with where each of its keys and values was written.
 *
 * <p>Positions are indexed by display path: the root is {@code ""}, a key below it
 * {@code listeners}, an element {@code listeners[0]}, a key of that element
 * {@code listeners[0].bind} (see {@link #child} and {@link #element}).
 */
public final class YamlTree {

    private final JsonNode root;
    private final Map<String, Mark> values;
    private final Map<String, Mark> keys;

    YamlTree(JsonNode root, Map<String, Mark> values, Map<String, Mark> keys) {
        this.root = requireNonNull(root, "root");
        this.values = Map.copyOf(values);
        this.keys = Map.copyOf(keys);
    }

    /** The path of key {@code name} below {@code parent}. */
    public static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** The path of element {@code index} of the list at {@code parent}. */
    public static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }

    public JsonNode root() {
        return root;
    }

    /**
     * Where the value at {@code path} starts; for a path that is not in the document (a missing
     * key), where its nearest existing ancestor starts.
     */
    public Mark valueAt(String path) {
        String p = path;
        while (true) {
            Mark m = values.get(p);
            if (m != null) {
                return m;
            }
            if (p.isEmpty()) {
                return Mark.START;
            }
            p = parentOf(p);
        }
    }

    /** Where the key of {@code path} was written; for a list element, where the element starts. */
    public Mark keyAt(String path) {
        Mark m = keys.get(path);
        return m != null ? m : valueAt(path);
    }

    private static String parentOf(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
