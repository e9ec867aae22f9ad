package io.palisade.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.palisade.app.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code palisade demo}: the end-to-end demonstration, in a throwaway directory, on loopback only. */
@Command(name = "demo", description = {
        "Run Palisade end to end on its embedded default: a throwaway PKI, simulated devices judged by the",
        "gateway, configuration checks, a gateway relaying a device and refusing others at the handshake.",
        "One line per step; exit 1 if any step fails."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--keep", description = "Keep the demo's directory (PKI, configs) and print where it is.")
    boolean keep;

    @Override
    public Integer call() throws IOException {
        // The demo prints each refusal itself, with its reason; the data plane's own WARN lines would repeat them.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.palisade.proxy"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        Path dir = Files.createTempDirectory("palisade-demo-");
        try {
            return new Demo(dir, Clock.systemUTC(), spec.commandLine().getOut()).run();
        } finally {
            if (keep) {
                spec.commandLine().getOut().println("demo files kept in " + dir);
            } else {
                deleteTree(dir);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
