package io.palisade.bench.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What a server process costs, as Linux reports it: CPU time (user + system, every thread) and
 * resident memory. Summed over a list of processes (a server may be several).
 */
final class ProcStat {

    private ProcStat() {
    }

    /** {@code "123,456"} → [123, 456]; empty → none. */
    static List<Long> pids(String csv) {
        return csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::trim).map(Long::parseLong).toList();
    }

    /** User + system CPU time of the processes so far. */
    static Duration cpu(List<Long> pids) {
        Duration total = Duration.ZERO;
        for (long pid : pids) {
            total = total.plus(ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO));
        }
        return total;
    }

    /** Resident set size of the processes now, in KiB ({@code VmRSS} of /proc/PID/status). */
    static long rssKib(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("pid " + pid + ": cannot read its status (expected: a live process)", e);
            }
        }
        return total;
    }
}
