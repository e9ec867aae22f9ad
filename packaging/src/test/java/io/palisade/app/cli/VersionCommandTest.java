package io.palisade.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionCommandTest {

    @Test
    void printsTheVersionAndRuntime() {
        Cli.Result r = Cli.run("version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("palisade ").contains("java " + Runtime.version());
    }

    @Test
    void aMissingOrUnknownSubcommandIsAUsageError() {
        assertThat(Cli.run().exitCode()).isEqualTo(2);
        assertThat(Cli.run("frobnicate").exitCode()).isEqualTo(2);
    }
}
