package io.palisade.config.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.config.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaging the example site at random never makes the loader throw: every damaged file either
 * loads or yields problems, each with a position inside the file.
 */
class DamagedConfigsTest {

    @TempDir
    Path dir;

    @Test
    void randomDamageYieldsProblemsNotExceptions() throws Exception {
        String example = Files.readString(Path.of("../config/examples/gateway.yaml"));
        long lines = example.lines().count();
        Random random = new Random(20250101L);
        String alphabet = " :-[]{}#&*!|>'\"\t\n,0123456789abcxyz";
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder(example);
            for (int edit = 0; edit < 1 + random.nextInt(4); edit++) {
                int at = random.nextInt(text.length());
                if (random.nextBoolean()) {
                    text.deleteCharAt(at);
                } else {
                    text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            Path file = Files.writeString(dir.resolve("gateway.yaml"), text);

            LoadResult<GatewayConfig> result = GatewayConfigLoader.load(file);

            assertThat(result.isLoaded()).isEqualTo(result.problems().isEmpty());
            assertThat(result.problems()).allSatisfy(p -> assertThat(p.line()).isBetween(1, (int) lines + 5));
        }
    }
}
