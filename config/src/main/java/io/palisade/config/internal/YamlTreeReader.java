package io.palisade.config.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads a YAML 1.2 file into a {@link YamlTree}, remembering the line and column of every key
 * and value by walking Jackson's token stream.
 *
 * <p>Duplicate keys are detected here rather than with Jackson's
 * {@code STRICT_DUPLICATE_DETECTION}: that feature aborts the parse on the first duplicate and
 * knows only the second position, while this walk reports every duplicate of the file with both
 * positions and goes on (the first occurrence wins). YAML aliases ({@code *name}) are refused:
 * Jackson would read them as the anchor's name, and a configuration file does not need them. A file that is missing, unreadable, larger
 * than 1 MiB, not UTF-8, empty, not YAML, or holds more than one document is a problem too.
 */
public final class YamlTreeReader {

    /** Configuration files are small; anything larger is a mistake (a log, a binary). */
    public static final int MAX_BYTES = 1 << 20;

    private static final YAMLMapper MAPPER = YAMLMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Problems problems;
    private final Map<String, Mark> values = new HashMap<>();
    private final Map<String, Mark> keys = new HashMap<>();

    private YamlTreeReader(Problems problems) {
        this.problems = problems;
    }

    /** Reads {@code problems.file()}; empty when the file could not be read as one YAML document. */
    public static Optional<YamlTree> read(Problems problems) {
        Path file = problems.file();
        Optional<String> text = readText(file, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return new YamlTreeReader(problems).parse(text.get());
    }

    private Optional<YamlTree> parse(String text) {
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                problems.add(Mark.START, "", "empty file", "a YAML mapping, starting with apiVersion and kind");
                return Optional.empty();
            }
            JsonNode root = readValue(parser, "", true);
            if (parser.nextToken() != null) {
                problems.add(mark(parser.currentTokenLocation()), "", "a second YAML document",
                        "a single YAML document (remove the extra ---)");
            }
            return Optional.of(new YamlTree(root, values, keys));
        } catch (JacksonException e) {
            syntaxError(e);
            return Optional.empty();
        }
    }

    private JsonNode readValue(JsonParser parser, String path, boolean keep) {
        Mark at = mark(parser.currentTokenLocation());
        if (keep) {
            values.put(path, at);
        }
        if (((YAMLParser) parser).isCurrentAlias()) {
            problems.add(at, path, "*" + parser.getString(), "a value written out (YAML aliases are not supported)");
            return NODES.nullNode();
        }
        switch (parser.currentToken()) {
            case START_OBJECT:
                return readObject(parser, path, keep);
            case START_ARRAY:
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser, YamlTree.element(path, index++), keep));
                }
                return array;
            case VALUE_STRING:
                return NODES.stringNode(parser.getString());
            case VALUE_NUMBER_INT:
                return NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                return NODES.stringNode(parser.getString());
        }
    }

    private ObjectNode readObject(JsonParser parser, String path, boolean keep) {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            String childPath = YamlTree.child(path, name);
            Mark keyMark = mark(parser.currentTokenLocation());
            parser.nextToken();
            if (object.has(name)) {
                Mark first = keep ? keys.get(childPath) : null;
                problems.add(keyMark, childPath, "duplicate key",
                        "each key once" + (first == null ? "" : "; first at " + first));
                readValue(parser, childPath, false);
            } else {
                if (keep) {
                    keys.put(childPath, keyMark);
                }
                object.set(name, readValue(parser, childPath, keep));
            }
        }
        return object;
    }

    private static Optional<String> readText(Path file, Problems problems) {
        String why;
        try {
            if (Files.isDirectory(file)) {
                why = "is a directory";
            } else if (Files.size(file) > MAX_BYTES) {
                why = "larger than 1 MiB";
            } else {
                byte[] bytes = Files.readAllBytes(file);
                return Optional.of(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString());
            }
        } catch (NoSuchFileException e) {
            why = "no such file";
        } catch (AccessDeniedException e) {
            why = "permission denied";
        } catch (CharacterCodingException e) {
            why = "not UTF-8 text";
        } catch (IOException e) {
            why = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        problems.add(Mark.START, Problems.FILE, file.toString(), "readable YAML file; " + why);
        return Optional.empty();
    }

    /** Reports a syntax error where snakeyaml-engine saw the problem, in its own words. */
    private void syntaxError(JacksonException e) {
        if (e.getCause() instanceof MarkedYamlEngineException yaml && yaml.getProblemMark().isPresent()) {
            org.snakeyaml.engine.v2.exceptions.Mark at = yaml.getProblemMark().get();
            String context = yaml.getContext() == null ? "" : yaml.getContext() + ": ";
            problems.add(new Mark(at.getLine() + 1, at.getColumn() + 1), "", "invalid YAML",
                    "valid YAML 1.2; " + context + yaml.getProblem());
            return;
        }
        TokenStreamLocation at = e.getLocation();
        String message = e.getOriginalMessage() == null ? "parse error" : e.getOriginalMessage().strip();
        int newline = message.indexOf('\n');
        problems.add(at == null ? Mark.START : mark(at), "", "invalid YAML",
                "valid YAML 1.2; " + (newline < 0 ? message : message.substring(0, newline)));
    }

    private static Mark mark(TokenStreamLocation location) {
        return new Mark(location.getLineNr(), location.getColumnNr());
    }
}
