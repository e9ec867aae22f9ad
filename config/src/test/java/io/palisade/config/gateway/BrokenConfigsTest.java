package io.palisade.config.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.config.ConfigProblem;
import io.palisade.config.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken gateway.yaml files: each {@code broken/NAME.yaml} sits beside
 * {@code NAME.expected}, the exact lines {@code palisade check} must print for it, with the
 * corpus directory written as {@code ${dir}} inside messages.
 */
class BrokenConfigsTest {

    private static final Path CORPUS = Path.of("src/test/resources/broken").toAbsolutePath();

    static Stream<String> brokenFiles() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void reportsExactlyTheExpectedProblems(String name) throws IOException {
        LoadResult<GatewayConfig> result = GatewayConfigLoader.load(CORPUS.resolve(name));

        List<String> expected = Files.readAllLines(CORPUS.resolve(name.replace(".yaml", ".expected")));
        assertThat(result.isLoaded()).isFalse();
        assertThat(result.problems()).extracting(BrokenConfigsTest::shown).containsExactlyElementsOf(expected);
    }

    @Test
    void corpusCoversTheAgreedCases() throws IOException {
        assertThat(brokenFiles()).contains("duplicate-key.yaml", "unknown-key.yaml", "wrong-type.yaml",
                "missing-required.yaml", "bad-enum.yaml", "bad-duration.yaml", "port-out-of-range.yaml",
                "duplicate-listener.yaml", "missing-file.yaml", "not-pem.yaml", "non-loopback-admin.yaml",
                "syntax-error.yaml", "empty.yaml", "wrong-api-version.yaml", "bad-route.yaml", "bad-proxy-protocol.yaml");
        assertThat(brokenFiles()).allSatisfy(name ->
                assertThat(CORPUS.resolve(name.replace(".yaml", ".expected"))).exists());
    }

    /** The problem as printed, with the corpus directory made portable. */
    private static String shown(ConfigProblem problem) {
        String line = problem.toString().replace(CORPUS.toString(), "${dir}");
        return line.startsWith("${dir}/") ? line.substring("${dir}/".length()) : line;
    }
}
