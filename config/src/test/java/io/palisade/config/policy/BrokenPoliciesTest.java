package io.palisade.config.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.config.ConfigProblem;
import io.palisade.config.LoadResult;
import io.palisade.core.policy.model.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken policy files: each {@code broken-policies/NAME.yaml} (or directory
 * {@code NAME/}, for problems across files) sits beside {@code NAME.expected}, the exact lines
 * {@code palisade policy check} must print for it, with the corpus directory written as
 * {@code ${dir}} inside messages.
 */
class BrokenPoliciesTest {

    static final Path CORPUS = Path.of("src/test/resources/broken-policies").toAbsolutePath();

    static Stream<String> brokenEntries() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".expected")).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEntries")
    void reportsExactlyTheExpectedProblems(String name) throws IOException {
        LoadResult<List<Policy>> result = PolicyLoader.load(CORPUS.resolve(name));

        List<String> expected = Files.readAllLines(CORPUS.resolve(expectedName(name)));
        assertThat(result.isLoaded()).isFalse();
        assertThat(result.problems()).extracting(BrokenPoliciesTest::shown).containsExactlyElementsOf(expected);
    }

    @Test
    void corpusHasAtLeastTwentyCasesEachWithItsExpectedLines() throws IOException {
        assertThat(brokenEntries()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(brokenEntries()).allSatisfy(name -> assertThat(CORPUS.resolve(expectedName(name))).exists());
        assertThat(brokenEntries()).contains("duplicate-key.yaml", "unknown-field.yaml", "duplicate-names",
                "bad-cidr.yaml", "bad-ports.yaml", "bad-host.yaml", "bad-topic.yaml", "unknown-variable.yaml",
                "extends-cycle");
    }

    private static String expectedName(String entry) {
        return (entry.endsWith(".yaml") ? entry.substring(0, entry.length() - ".yaml".length()) : entry) + ".expected";
    }

    /** The problem as printed, with the corpus directory made portable. */
    static String shown(ConfigProblem problem) {
        String line = problem.toString().replace(CORPUS.toString(), "${dir}");
        return line.startsWith("${dir}/") ? line.substring("${dir}/".length()) : line;
    }
}
