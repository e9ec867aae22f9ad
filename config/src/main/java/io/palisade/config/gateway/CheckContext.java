package io.palisade.config.gateway;

import io.palisade.config.internal.PemFileCheck;
import io.palisade.config.internal.Problems;
import io.palisade.config.internal.YamlTree;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What the semantic checks of one gateway.yaml share: the document with its positions, where
 * problems go, and the directory that relative paths are resolved against.
 */
final class CheckContext {

    private final YamlTree tree;
    private final Problems problems;
    private final Path baseDirectory;

    CheckContext(YamlTree tree, Problems problems, Path baseDirectory) {
        this.tree = tree;
        this.problems = problems;
        this.baseDirectory = baseDirectory;
    }

    JsonNode root() {
        return tree.root();
    }

    /** Reports a problem with the value at {@code path}. */
    void report(String path, String value, String expected) {
        problems.add(tree.valueAt(path), path, value, expected);
    }

    /** The text of {@code node}, if it is a string (a wrong type is the schema's to report). */
    static Optional<String> text(JsonNode node) {
        return node != null && node.isString() ? Optional.of(node.asString()) : Optional.empty();
    }

    /** Checks a DNS-label name (site, tenant, listener). */
    void checkLabel(String path, JsonNode node) {
        text(node).filter(name -> !GatewayBinder.LABEL.matcher(name).matches()).ifPresent(name -> report(path, name,
                "a DNS label: a-z, 0-9 and '-', 1-63 characters, not starting or ending with '-'"));
    }

    /**
     * Checks that the file named at {@code path} (resolved against the base directory) holds
     * {@code kind}; true if it does, false if it does not or no file name is written there.
     */
    boolean checkFile(String path, JsonNode node, PemFileCheck.Kind kind) {
        Optional<String> text = text(node).filter(written -> !written.isEmpty());
        if (text.isEmpty()) {
            return false;
        }
        String written = text.get();
        Path file;
        try {
            file = resolve(written);
        } catch (InvalidPathException e) {
            report(path, written, "a valid file path; " + e.getReason());
            return false;
        }
        Optional<String> reason = PemFileCheck.check(file, kind);
        reason.ifPresent(why -> report(path, written, kind.expected() + "; "
                + (Path.of(written).isAbsolute() ? "" : file + ": ") + why));
        return reason.isEmpty();
    }

    /** Checks that the directory named at {@code path} (resolved against the base directory) exists. */
    void checkDirectory(String path, JsonNode node) {
        text(node).filter(written -> !written.isEmpty()).ifPresent(written -> {
            Path directory;
            try {
                directory = resolve(written);
            } catch (InvalidPathException e) {
                report(path, written, "a valid directory path; " + e.getReason());
                return;
            }
            String prefix = Path.of(written).isAbsolute() ? "" : directory + ": ";
            if (!Files.exists(directory)) {
                report(path, written, "an existing directory; " + prefix + "no such directory");
            } else if (!Files.isDirectory(directory)) {
                report(path, written, "an existing directory; " + prefix + "not a directory");
            }
        });
    }

    Path resolve(String written) {
        return baseDirectory.resolve(written).normalize();
    }
}
