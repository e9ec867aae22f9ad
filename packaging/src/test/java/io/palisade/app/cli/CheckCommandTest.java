package io.palisade.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code palisade check}: the example site passes; every broken config in the config corpus fails with positions. */
class CheckCommandTest {

    /** Surefire runs in the module directory; the corpus and the examples live in the config module. */
    private static final Path CONFIG_MODULE = Path.of("..", "config");
    private static final Path BROKEN = CONFIG_MODULE.resolve("src/test/resources/broken");

    @Test
    void theExampleSiteIsValid() {
        Cli.Result r = Cli.run("check", "-c", CONFIG_MODULE.resolve("examples/gateway.yaml").toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains(": ok (site example-site");
        assertThat(r.err()).isEmpty();
    }

    static Stream<Path> brokenConfigs() throws IOException {
        try (Stream<Path> files = Files.list(BROKEN)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).hasSizeGreaterThanOrEqualTo(12);
            return yaml.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("brokenConfigs")
    void aBrokenConfigExitsOneWithEveryProblemPositioned(Path file) throws IOException {
        Cli.Result r = Cli.run("check", "-c", file.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        List<String> lines = r.err().lines().toList();
        List<String> problems = lines.subList(0, lines.size() - 1);
        assertThat(problems).isNotEmpty().allSatisfy(line ->
                assertThat(line).matches(java.util.regex.Pattern.quote(file.toString())
                        + ":\\d+:\\d+: \\S+: .* \\(expected: .+\\)"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo(file + ": invalid, " + problems.size()
                + (problems.size() == 1 ? " problem" : " problems"));
        Path expected = Path.of(file.toString().replaceFirst("\\.yaml$", ".expected"));
        assertThat(problems).hasSameSizeAs(Files.readAllLines(expected).stream().filter(l -> !l.isBlank()).toList());
    }

    @Test
    void aMissingFileIsInvalidNotAUsageError() {
        Cli.Result r = Cli.run("check", "-c", "/nonexistent/gateway.yaml");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("/nonexistent/gateway.yaml:1:1: (file): /nonexistent/gateway.yaml (expected: readable YAML file; no such file)");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(Cli.run("check", "--bogus").exitCode()).isEqualTo(2);
    }
}
