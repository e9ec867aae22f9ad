package io.palisade.app.cli;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;

/**
 * A device played by the real {@code openssl s_client}: presents {@code cert} (with the
 * intermediates in {@code chain}) and {@code key}, verifies the gateway against {@code gatewayRoot},
 * sends a line and waits (bounded) for it to come back or for the client to give up.
 */
record OpensslDevice(Path cert, Path chain, Path key) {

    /** What came back on stdout (the echo, if relayed) and what the client said on stderr. */
    record Exchange(String stdout, String stderr) {}

    Exchange send(int port, Path gatewayRoot, String line) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", gatewayRoot.toString(), "-verify_return_error", "-quiet",
                "-cert", cert.toString(), "-cert_chain", chain.toString(), "-key", key.toString()));
        Process p = new ProcessBuilder(command).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = pump(p.getInputStream(), out);
        Thread e = pump(p.getErrorStream(), err);
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(line.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException ignored) {
            // a refused client may already be gone
        }
        try {
            await().atMost(GatewayProcess.BOUND).until(() -> !p.isAlive() || text(out).contains(line));
        } catch (ConditionTimeoutException ignored) {
            // report what it printed
        }
        p.destroy();
        p.waitFor(5, TimeUnit.SECONDS);
        o.join(5_000);
        e.join(5_000);
        return new Exchange(text(out), text(err));
    }

    private static String text(ByteArrayOutputStream sink) {
        synchronized (sink) {
            return sink.toString(StandardCharsets.UTF_8);
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (sink) {
                        sink.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "openssl-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
