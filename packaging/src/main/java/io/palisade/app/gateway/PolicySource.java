package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.palisade.config.ConfigProblem;
import io.palisade.config.LoadResult;
import io.palisade.config.policy.DeviceRegistryLoader;
import io.palisade.config.policy.PolicyLoader;
import io.palisade.core.policy.model.DeviceRegistry;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;

/**
 * Where {@code palisade run} reads its policy: the policy directory ({@code policies:}) and the
 * site registry ({@code registry:}), with the same loader as {@code palisade policy check}. An
 * absent registry is an empty one; an absent policy directory is no policy at all (see
 * {@link PolicyAdmission} for what fixed routes do then).
 *
 * @param policies the policy directory (or one file)
 * @param registry the site registry, devices.yaml
 */
record PolicySource(Path policies, Path registry) {

    PolicySource {
        requireNonNull(policies, "policies");
        requireNonNull(registry, "registry");
    }

    /** Whether a policy is configured: the policy directory (or file) exists. */
    boolean configured() {
        return Files.exists(policies);
    }

    /** The policies and registry as they are on disk now; no policy directory gives an empty set. */
    LoadResult<PolicySet> load() {
        if (configured() && Files.exists(registry)) {
            return PolicyLoader.load(policies, registry);
        }
        if (configured()) {
            LoadResult<List<Policy>> alone = PolicyLoader.load(policies);
            return alone.isLoaded() ? LoadResult.loaded(new PolicySet(alone.orElseThrow(), DeviceRegistry.EMPTY))
                    : LoadResult.failed(alone.problems());
        }
        if (Files.exists(registry)) {
            LoadResult<DeviceRegistry> devices = DeviceRegistryLoader.load(registry);
            return devices.isLoaded() ? LoadResult.loaded(new PolicySet(List.of(), devices.orElseThrow()))
                    : LoadResult.failed(devices.problems());
        }
        return LoadResult.loaded(new PolicySet(List.of(), DeviceRegistry.EMPTY));
    }

    /** Problems as lines, {@code file:line:col: path: value (expected: …)}. */
    static List<String> lines(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).toList();
    }
}
