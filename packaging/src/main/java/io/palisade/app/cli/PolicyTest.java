package io.palisade.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.palisade.config.LoadResult;
import io.palisade.config.policy.cases.PolicyTestLoader;
import io.palisade.config.policy.cases.PolicyTestResult;
import io.palisade.config.policy.cases.PolicyTestRunner;
import io.palisade.config.policy.cases.PolicyTests;
import io.palisade.core.policy.model.PolicySet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code palisade policy test CASES.yaml}: table-driven expectations against the policies; names every failing case. */
@Command(name = "test", description = {
        "Run a PolicyTest file (cases: device, request, expected decision and rule) against the policies.",
        "Exit 0 when every case passes, 1 when one fails (each named with file:line) or a file is invalid, 2 usage."})
final class PolicyTest implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CASES.yaml", description = "The PolicyTest file.")
    Path casesFile;

    @Option(names = "--policies", paramLabel = "DIR|FILE",
            description = "The policies (default: the directory of CASES.yaml).")
    Path policies;

    @Mixin
    PolicyFiles files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadResult<PolicyTests> tests = PolicyTestLoader.load(casesFile);
        if (!tests.isLoaded()) {
            PolicyFiles.printProblems(tests.problems(), err);
            return 1;
        }
        Path dir = policies != null ? policies : casesFile.toAbsolutePath().getParent();
        Optional<PolicySet> set = files.load(dir, err);
        if (set.isEmpty()) {
            return 1;
        }
        List<PolicyTestResult> results = PolicyTestRunner.run(tests.orElseThrow(), set.get(), Clock.systemUTC());
        long failed = results.stream().filter(r -> !r.passed()).peek(r -> err.println("FAIL " + r)).count();
        out.printf("%s: %d/%d cases passed%n", casesFile, results.size() - failed, results.size());
        err.flush();
        return failed == 0 ? 0 : 1;
    }
}
