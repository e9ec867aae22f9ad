package io.palisade.bench.tls;

import java.util.HashMap;
import java.util.Map;

/** Command-line options of the load tools, as {@code --name value} pairs. */
record Flags(Map<String, String> values) {

    static Flags parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments: " + String.join(" ", args) + " (expected: --name value pairs)");
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        return new Flags(Map.copyOf(values));
    }

    String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + ": missing (expected: a value)");
        }
        return value;
    }

    String get(String name, String orElse) {
        return values.getOrDefault(name, orElse);
    }

    int getInt(String name, int orElse) {
        return Integer.parseInt(get(name, Integer.toString(orElse)));
    }
}
