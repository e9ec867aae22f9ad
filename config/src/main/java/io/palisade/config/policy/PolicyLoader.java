package io.palisade.config.policy;

import io.palisade.config.internal.ModelErrors;
import static java.util.Objects.requireNonNull;

import io.palisade.config.ConfigProblem;
import io.palisade.config.LoadResult;
import io.palisade.config.internal.Problems;
import io.palisade.config.internal.SchemaCheck;
import io.palisade.config.internal.YamlTreeReader;
import io.palisade.core.policy.model.DeviceRegistry;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads a policy directory ({@code policies.d/}) or a single policy file into the core's
 * {@link Policy} records, or reports every problem of every file at once as
 * {@link ConfigProblem}s ({@code file:line:col: path: value (expected: …)}), sorted by file and
 * position.
 *
 * <p>A directory is read file by file, every {@code *.yaml} in name order (hidden files and
 * other names are ignored, so editors' backups never load). A file holds one document of kind
 * {@code DevicePolicy} or {@code PolicyTemplate}; files of kind {@code PolicyTest} (test cases,
 * see {@link io.palisade.config.policy.cases.PolicyTestLoader}) are skipped. Loading checks the
 * YAML (syntax, duplicate keys), what the JSON Schema {@value #SCHEMA_RESOURCE} checks (types,
 * required and unknown keys, enumerations), and what it cannot: patterns with the engine's own
 * grammar (MQTT topic filters, paths, host names, variables filling whole segments), CIDRs (host
 * bits set is an error), ports, sizes, durations, names unique over all files, {@code extends}
 * naming templates without a cycle. It reads only the files named, opens no sockets and is safe to
 * call from any thread; a reload runs exactly this.
 */
public final class PolicyLoader {

    /** The class path resource of the JSON Schema of policy files, shipped for editors too. */
    public static final String SCHEMA_RESOURCE = "io/palisade/config/schema/policy-v1.json";

    private PolicyLoader() {
    }

    /**
     * Loads every policy under {@code dirOrFile}. Problems name files as {@code dirOrFile} names
     * them (pass what the admin typed).
     */
    public static LoadResult<List<Policy>> load(Path dirOrFile) {
        requireNonNull(dirOrFile, "dirOrFile");
        List<ConfigProblem> problems = new ArrayList<>();
        List<PolicyFile> files = new ArrayList<>();
        for (Path path : policyFiles(dirOrFile, problems)) {
            Problems fileProblems = new Problems(path);
            YamlTreeReader.read(fileProblems).map(tree -> new PolicyFile(fileProblems, tree))
                    .filter(file -> !file.kind().filter(PolicyFile.TEST::equals).isPresent())
                    .ifPresentOrElse(files::add, () -> problems.addAll(fileProblems.sorted()));
        }
        Map<String, PolicyFile> byName = DirectoryChecks.run(files);
        Inheritance inheritance = new Inheritance(byName);
        List<Policy> policies = new ArrayList<>();
        Map<PolicyFile, IllegalArgumentException> refused = new LinkedHashMap<>();
        for (PolicyFile file : files) {
            try {
                if (file.isTemplate()) {
                    inheritance.rules(file);
                    inheritance.limits(file);
                } else {
                    PolicyReader.read(file, inheritance).ifPresent(policies::add);
                }
            } catch (IllegalArgumentException e) {
                refused.put(file, e);
            }
            Schema.CHECK.check(file.tree(), file.problems());
            problems.addAll(file.problems().sorted());
        }
        if (problems.isEmpty() && !refused.isEmpty()) {
            // The model refused what every check let through: still a problem, never a crash. (With
            // other problems, the refusal is their consequence and would only repeat them.)
            refused.forEach((file, e) -> problems.add(new ConfigProblem(file.problems().file(), 1, 1, Problems.DOCUMENT,
                    file.name().orElse("a policy"), ModelErrors.expected("a valid policy", e))));
        }
        return problems.isEmpty() ? LoadResult.loaded(policies) : LoadResult.failed(problems);
    }

    /**
     * Loads the policies under {@code dirOrFile} and the site registry {@code registry} together,
     * as the gateway compiles them; the problems of both are reported together.
     */
    public static LoadResult<PolicySet> load(Path dirOrFile, Path registry) {
        LoadResult<List<Policy>> policies = load(dirOrFile);
        LoadResult<DeviceRegistry> devices = DeviceRegistryLoader.load(requireNonNull(registry, "registry"));
        if (policies.isLoaded() && devices.isLoaded()) {
            return LoadResult.loaded(new PolicySet(policies.orElseThrow(), devices.orElseThrow()));
        }
        List<ConfigProblem> all = new ArrayList<>(policies.problems());
        all.addAll(devices.problems());
        return LoadResult.failed(all);
    }

    /**
     * The test-cases files ({@code kind: PolicyTest}) that a policy directory carries, in name
     * order, for {@code palisade policy check} to run with the policies; none for a single file.
     * Files that do not read as YAML are left out (loading the directory reports them).
     */
    public static List<Path> testFiles(Path dir) {
        requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        return policyFiles(dir, new ArrayList<>()).stream().filter(file -> YamlTreeReader.read(new Problems(file))
                .map(tree -> PolicyFile.TEST.equals(tree.root().path("kind").asString(""))).orElse(false)).toList();
    }

    /** The policy files of a directory in name order, or the one file named. */
    static List<Path> policyFiles(Path dirOrFile, List<ConfigProblem> problems) {
        if (!Files.isDirectory(dirOrFile)) {
            return List.of(dirOrFile);
        }
        try (Stream<Path> entries = Files.list(dirOrFile)) {
            return entries.filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".yaml") && !name.startsWith(".") && !Files.isDirectory(p);
            }).sorted().toList();
        } catch (IOException e) {
            problems.add(new ConfigProblem(dirOrFile, 1, 1, Problems.FILE, dirOrFile.toString(),
                    "readable directory of policy files; " + e.getClass().getSimpleName() + ": " + e.getMessage()));
            return List.of();
        }
    }

    /** Loaded once, on first use. */
    private static final class Schema {
        static final SchemaCheck CHECK = SchemaCheck.fromResource(SCHEMA_RESOURCE);
    }
}
