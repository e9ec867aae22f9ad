package io.palisade.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.palisade.config.ConfigProblem;
import io.palisade.config.LoadResult;
import io.palisade.config.gateway.GatewayConfig;
import io.palisade.config.gateway.GatewayConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code palisade check}: validates the configuration the way the gateway would load it, like
 * {@code nginx -t}: gateway.yaml, the files it names, and the policies and registry (with their
 * lint and test cases, as {@code palisade policy check} does). Exit 0 when valid; 1 with every problem as {@code file:line:col: path: value
 * (expected: …)}; 2 on a usage error. Reads files only: opens no sockets.
 */
@Command(name = "check", description = {
        "Validate gateway.yaml and every file it names, without starting anything.",
        "Exit 0 valid, 1 invalid (every problem as file:line:col: path: value (expected: ...)), 2 usage."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/palisade/gateway.yaml",
            description = "The gateway configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() {
        LoadResult<GatewayConfig> result = GatewayConfigLoader.load(config);
        if (result.isLoaded()) {
            GatewayConfig c = result.orElseThrow();
            spec.commandLine().getOut().printf("%s: ok (site %s, %d tenant%s, %d listener%s)%n", config, c.site(),
                    c.tenants().size(), c.tenants().size() == 1 ? "" : "s",
                    c.listeners().size(), c.listeners().size() == 1 ? "" : "s");
            if (!Files.isDirectory(c.policies())) {
                spec.commandLine().getOut().println(c.policies() + ": no policy directory; every request will be denied");
                return 0;
            }
            Optional<Path> registry = Optional.of(c.registry()).filter(Files::isRegularFile);
            return PolicyCheck.check(c.policies(), registry, false, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        PrintWriter err = spec.commandLine().getErr();
        for (ConfigProblem problem : result.problems()) {
            err.println(problem);
        }
        int n = result.problems().size();
        err.printf("%s: invalid, %d problem%s%n", config, n, n == 1 ? "" : "s");
        err.flush();
        return 1;
    }
}
