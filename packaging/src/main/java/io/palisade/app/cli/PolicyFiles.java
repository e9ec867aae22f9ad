package io.palisade.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.palisade.config.ConfigProblem;
import io.palisade.config.LoadResult;
import io.palisade.config.policy.PolicyLoader;
import io.palisade.core.policy.model.DeviceRegistry;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import picocli.CommandLine.Option;

/**
 * Where the policy commands find the policies and the site registry, and how they load them:
 * the same loader the gateway uses. The registry defaults to {@code devices.yaml} beside the policy
 * directory (as {@code /etc/palisade/devices.yaml} sits beside {@code /etc/palisade/policies.d}),
 * and to an empty registry when there is none.
 */
final class PolicyFiles {

    static final String DEFAULT_POLICIES = "/etc/palisade/policies.d";
    static final String REGISTRY_FILE = "devices.yaml";

    @Option(names = "--registry", paramLabel = "FILE",
            description = "The site registry (default: devices.yaml beside the policy directory, if any).")
    Path registry;

    /** The registry file to read for {@code policies}, if any. */
    Optional<Path> registryFor(Path policies) {
        if (registry != null) {
            return Optional.of(registry);
        }
        Path dir = Files.isDirectory(policies) ? policies : policies.toAbsolutePath().getParent();
        Path beside = dir == null ? null : dir.toAbsolutePath().getParent();
        return Optional.ofNullable(beside).map(b -> b.resolve(REGISTRY_FILE)).filter(Files::isRegularFile);
    }

    /** Loads the policies and the registry; problems are printed to {@code err}, and then empty. */
    Optional<PolicySet> load(Path policies, PrintWriter err) {
        return load(policies, registryFor(policies), err);
    }

    /** Loads {@code policies} with the registry {@code devices} (or an empty one); problems go to {@code err}. */
    static Optional<PolicySet> load(Path policies, Optional<Path> devices, PrintWriter err) {
        LoadResult<PolicySet> result;
        if (devices.isPresent()) {
            result = PolicyLoader.load(policies, devices.get());
        } else {
            LoadResult<List<Policy>> alone = PolicyLoader.load(policies);
            result = alone.isLoaded() ? LoadResult.loaded(new PolicySet(alone.orElseThrow(), DeviceRegistry.EMPTY))
                    : LoadResult.failed(alone.problems());
        }
        if (result.isLoaded()) {
            return result.value();
        }
        printProblems(result.problems(), err);
        return Optional.empty();
    }

    static void printProblems(List<ConfigProblem> problems, PrintWriter err) {
        problems.forEach(err::println);
        err.printf("invalid, %d problem%s%n", problems.size(), problems.size() == 1 ? "" : "s");
        err.flush();
    }
}
