package io.palisade.config.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.config.LoadResult;
import io.palisade.core.policy.model.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaging the example policies at random never makes the loader throw: every damaged directory
 * either loads or yields problems, each inside one of its files.
 */
class DamagedPoliciesTest {

    @TempDir
    Path dir;

    @Test
    void randomDamageYieldsProblemsNotExceptions() throws Exception {
        Path examples = Path.of("../config/examples/policies.d");
        List<Path> files;
        try (var list = Files.list(examples)) {
            files = list.sorted().toList();
        }
        Random random = new Random(20250601L);
        String alphabet = " :-[]{}#+*/$.&!|>'\"\t\n,0123456789abcxyz";
        for (int round = 0; round < 300; round++) {
            Path victim = files.get(random.nextInt(files.size()));
            for (Path file : files) {
                Files.copy(file, dir.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            StringBuilder text = new StringBuilder(Files.readString(victim));
            for (int edit = 0; edit < 1 + random.nextInt(4); edit++) {
                int at = random.nextInt(text.length());
                if (random.nextBoolean()) {
                    text.deleteCharAt(at);
                } else {
                    text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            Files.writeString(dir.resolve(victim.getFileName()), text);

            LoadResult<List<Policy>> result = PolicyLoader.load(dir);

            assertThat(result.isLoaded()).isEqualTo(result.problems().isEmpty());
            assertThat(result.problems()).allSatisfy(p -> assertThat(p.line()).isBetween(1, 80));
        }
    }
}
