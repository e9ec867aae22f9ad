package io.palisade.app.cli;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code palisade run} as a separate JVM ({@code java -jar palisade.jar}, the jar failsafe names in
 * {@code palisade.jar}): its stdout as JSON log lines, its stderr as text, and a bounded stop.
 */
final class GatewayProcess implements AutoCloseable {

    static final Duration BOUND = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();

    private final List<Thread> pumps;

    private GatewayProcess(Process process) {
        this.process = process;
        this.pumps = List.of(pump(process.getInputStream(), out), pump(process.getErrorStream(), err));
    }

    static GatewayProcess start(Path dir, String... args) throws IOException {
        String jar = System.getProperty("palisade.jar");
        if (jar == null) {
            throw new IllegalStateException("palisade.jar: not set (expected: failsafe passes the shaded jar)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(List.of(args));
        return new GatewayProcess(new ProcessBuilder(command).directory(dir.toFile()).start());
    }

    /** The first JSON line on stdout that matches, waiting for it (bounded). */
    JsonNode awaitJson(Predicate<JsonNode> matches) {
        try {
            return await().atMost(BOUND).until(() -> findJson(matches), Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no such line within " + BOUND + "; stdout: " + out + "; stderr: " + err, e);
        }
    }

    Optional<JsonNode> findJson(Predicate<JsonNode> matches) {
        boolean exited = !process.isAlive();
        Optional<JsonNode> found = json().stream().filter(matches).findFirst();
        if (found.isEmpty() && exited) {
            throw new AssertionError("palisade run exited " + process.exitValue() + "; stdout: " + out + "; stderr: " + err);
        }
        return found;
    }

    /** Every JSON line printed so far. */
    List<JsonNode> json() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    static Predicate<JsonNode> event(String event) {
        return n -> event.equals(n.path("event").asString(""));
    }

    List<String> stdout() {
        return out;
    }

    String stderr() {
        return String.join("\n", err);
    }

    /**
     * Sends SIGTERM and waits (bounded) for the exit code. Through the process handle: unlike
     * {@link Process#destroy()}, it leaves the pipes open, so what the gateway logs while it stops is read.
     */
    int terminate(Duration within) throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("palisade run did not exit within " + within + " of SIGTERM");
        }
        drained();
        return process.exitValue();
    }

    /** Sends SIGHUP (reload everything), as an operator's {@code systemctl reload} does. */
    void hangUp() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -HUP " + process.pid() + " failed");
        }
    }

    /** Waits (bounded) for the process to exit by itself. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("palisade run did not exit within " + BOUND);
        }
        drained();
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** After the exit: waits (bounded) until everything the process printed has been read. */
    private void drained() throws InterruptedException {
        for (Thread pump : pumps) {
            pump.join(BOUND.toMillis());
        }
    }

    private static Thread pump(InputStream in, List<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.add(line);
                }
            } catch (IOException e) {
                // process gone
            }
        }, "gateway-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
