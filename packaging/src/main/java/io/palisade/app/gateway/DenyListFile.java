package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.palisade.core.identity.DeviceId;

/**
 * The deny list file ({@code denyList:} in gateway.yaml): one device id per line, 64 lowercase
 * hex characters; {@code #} starts a comment, to the end of the line; blank lines and surrounding
 * blanks are ignored.
 *
 * <pre>
 * # stolen from the loading dock, ticket 4711
 * 3f5c0b8e...e1   # thermostat 12
 * </pre>
 *
 * A file with any bad line is refused as a whole, naming every bad line: a typo must never let a
 * device in that the operator meant to keep out.
 */
public final class DenyListFile {

    /** Files above this size are refused before they are read (a million ids is about 66 MB). */
    public static final long MAX_BYTES = 128L * 1024 * 1024;

    private DenyListFile() {}

    /** Reads and parses {@code file}. */
    public static Set<DeviceId> read(Path file) throws AssemblyException {
        requireNonNull(file, "file");
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new AssemblyException(List.of(file + ": " + Files.size(file)
                        + " bytes (expected: a deny list of at most " + MAX_BYTES + " bytes)"));
            }
            return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssemblyException(file + ": cannot read (" + e + ") (expected: a readable deny list)", e);
        }
    }

    /** Parses {@code lines}; {@code source} names the file in problems ({@code deny.txt:3: …}). */
    public static Set<DeviceId> parse(String source, List<String> lines) throws AssemblyException {
        requireNonNull(source, "source");
        requireNonNull(lines, "lines");
        Set<DeviceId> ids = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            if (DeviceId.isValid(text)) {
                ids.add(DeviceId.parse(text));
            } else {
                problems.add(source + ":" + (i + 1) + ": " + shorten(text)
                        + " (expected: a device id, 64 lowercase hex characters, one per line)");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssemblyException(problems);
        }
        return Set.copyOf(ids);
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
