package io.palisade.config.policy.cases;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A loaded test-cases file ({@code kind: PolicyTest}), ready for {@link PolicyTestRunner}.
 *
 * @param file the file as it was named to the loader
 * @param now the time the cases are judged at, if the file fixes one
 * @param cases the cases, in file order
 */
public record PolicyTests(Path file, Optional<Instant> now, List<PolicyTestCase> cases) {

    public PolicyTests {
        requireNonNull(file, "file");
        requireNonNull(now, "now");
        cases = List.copyOf(requireNonNull(cases, "cases"));
    }
}
