package io.palisade.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.palisade.config.LoadResult;
import io.palisade.config.policy.PolicyLoader;
import io.palisade.config.policy.cases.PolicyTestLoader;
import io.palisade.config.policy.cases.PolicyTestResult;
import io.palisade.config.policy.cases.PolicyTestRunner;
import io.palisade.config.policy.cases.PolicyTests;
import io.palisade.config.policy.lint.LintWarning;
import io.palisade.config.policy.lint.PolicyLint;
import io.palisade.core.policy.model.PolicySet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code palisade policy check DIR|FILE}: validates policies and the registry (every problem as
 * file:line:col), prints lint warnings, and runs the test-cases files found among the policies.
 * Exit 0 valid (warnings allowed unless {@code --strict}), 1 invalid or a case failed, 2 usage.
 */
@Command(name = "check", description = {
        "Validate policy files and the site registry, lint them, and run the PolicyTest files found beside them.",
        "Exit 0 valid, 1 invalid or a test case failed (or a warning with --strict), 2 usage."})
final class PolicyCheck implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR|FILE", arity = "0..1", defaultValue = PolicyFiles.DEFAULT_POLICIES,
            description = "A policy directory or file (default: ${DEFAULT-VALUE}).")
    Path policies;

    @Mixin
    PolicyFiles files;

    @Option(names = "--strict", description = "Treat lint warnings as errors.")
    boolean strict;

    @Override
    public Integer call() {
        return check(policies, files.registryFor(policies), strict, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Loads, lints and runs the cases of {@code policies}; prints a summary line; returns the exit code. */
    static int check(Path policies, Optional<Path> registry, boolean strict, PrintWriter out, PrintWriter err) {
        Optional<PolicySet> set = PolicyFiles.load(policies, registry, err);
        if (set.isEmpty()) {
            return 1;
        }
        List<LintWarning> warnings = PolicyLint.lint(set.get());
        warnings.forEach(w -> out.println("warning: " + w));
        int failed = 0;
        int cases = 0;
        List<Path> testFiles = Files.isDirectory(policies) ? PolicyLoader.testFiles(policies) : List.of();
        for (Path file : testFiles) {
            LoadResult<PolicyTests> tests = PolicyTestLoader.load(file);
            if (!tests.isLoaded()) {
                PolicyFiles.printProblems(tests.problems(), err);
                return 1;
            }
            for (PolicyTestResult r : PolicyTestRunner.run(tests.orElseThrow(), set.get(), Clock.systemUTC())) {
                cases++;
                if (!r.passed()) {
                    failed++;
                    err.println("FAIL " + r);
                }
            }
        }
        boolean ok = failed == 0 && !(strict && !warnings.isEmpty());
        int policyCount = set.get().policies().size();
        int rules = set.get().policies().stream().mapToInt(p -> p.rules().size()).sum();
        out.printf("%s: %s (%d polic%s, %d rules, %d registry devices, %d warning%s, %d/%d test cases passed)%n",
                policies, ok ? "ok" : "FAILED", policyCount, policyCount == 1 ? "y" : "ies", rules,
                set.get().registry().devices().size(), warnings.size(), warnings.size() == 1 ? "" : "s", cases - failed, cases);
        out.flush();
        err.flush();
        return ok ? 0 : 1;
    }
}
