package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.core.pki.Pem;
import io.palisade.core.revocation.DistributionPointCrls;

/**
 * Fetches the CRLs that {@link DistributionPointCrls} says are due, over plain HTTP with the JDK
 * client (no redirects; each fetch bounded by {@code timeout} and by
 * {@link DistributionPointCrls#MAX_CRL_BYTES}), and keeps every CRL put in force on disk under
 * {@code <state>/crl-cache/} — one file per URL: {@code # URL}, the issuing CA, the CRL — so that
 * a restart has them before any distribution point answers.
 *
 * <pre>
 * handshake names a new URL ─▶ wake ─┐
 * next due time ─────────────────────┴─▶ "palisade-crl" thread: GET each due URL ─▶ accept (validated) ─▶ disk
 * </pre>
 */
public final class CrlFetcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("palisade.gateway");
    static final String CACHE_DIR = "crl-cache";

    private final DistributionPointCrls points;
    private final Path cache;
    private final HttpClient http;
    private final Duration timeout;
    private final Consumer<CrlFetch> report;
    private final Clock clock;
    private final Object wake = new Object();
    private final Thread thread;
    private boolean woken;
    private volatile boolean closed;

    CrlFetcher(DistributionPointCrls points, Path cache, Duration timeout, Consumer<CrlFetch> report, Clock clock) {
        this.points = requireNonNull(points, "points");
        this.cache = requireNonNull(cache, "cache");
        this.timeout = requireNonNull(timeout, "timeout");
        this.report = requireNonNull(report, "report");
        this.clock = requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
        this.thread = new Thread(this::run, "palisade-crl");
        thread.setDaemon(true);
    }

    /** Loads the CRLs kept on disk, then starts fetching. */
    CrlFetcher start() {
        loadCache();
        points.onNeeded(this::wake);
        thread.start();
        return this;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    private void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void run() {
        try {
            while (!closed) {
                for (URI url : points.due()) {
                    fetch(url);
                }
                synchronized (wake) {
                    if (!woken) {
                        long millis = points.nextDue().map(at -> Duration.between(clock.instant(), at).toMillis())
                                .orElse(Long.MAX_VALUE);
                        if (millis > 0) {
                            wake.wait(Math.min(millis, Duration.ofHours(1).toMillis()));
                        }
                    }
                    woken = false;
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    private void fetch(URI url) throws InterruptedException {
        Optional<String> problem;
        boolean judged = false; // accept() schedules the retry of a body it refuses itself
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    problem = Optional.of(url + ": HTTP " + response.statusCode() + " (expected: 200 with a CRL)");
                } else {
                    byte[] bytes = body.readNBytes(DistributionPointCrls.MAX_CRL_BYTES + 1);
                    problem = points.accept(url, bytes);
                    judged = true;
                    if (problem.isEmpty()) {
                        keep(url);
                    }
                }
            }
        } catch (IOException e) {
            problem = Optional.of(url + ": " + e);
        }
        if (problem.isPresent() && !judged) {
            points.failed(url, problem.get());
        }
        String detail = problem.orElseGet(() -> "in force until " + inHand(url).map(c -> c.getNextUpdate().toInstant()
                .toString()).orElse("?"));
        CrlFetch fetch = new CrlFetch(url, problem.isEmpty(), detail);
        try {
            report.accept(fetch);
        } catch (RuntimeException e) {
            log.error("CRL fetch report failed", e);
        }
    }

    private Optional<X509CRL> inHand(URI url) {
        return points.points().stream().filter(p -> p.url().equals(url)).findFirst().flatMap(DistributionPointCrls.Point::crl);
    }

    /** Writes the CRL now in force for {@code url} to the cache, atomically. */
    private void keep(URI url) {
        points.points().stream().filter(p -> p.url().equals(url) && p.crl().isPresent()).findFirst().ifPresent(p -> {
            try {
                Files.createDirectories(cache);
                String text = "# " + url + "\n" + Pem.encodeCertificates(List.of(p.issuer())) + Pem.encodeCrl(p.crl().get());
                Path file = cache.resolve(fileName(url));
                Path tmp = Files.writeString(cache.resolve("." + file.getFileName() + ".tmp"), text, StandardCharsets.US_ASCII);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                log.warn("cannot keep the CRL of {} in {} ({})", url, cache, e.toString());
            }
        });
    }

    private void loadCache() {
        if (!Files.isDirectory(cache)) {
            return;
        }
        try (Stream<Path> files = Files.list(cache)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pem")).toList()) {
                try {
                    String text = Files.readString(file, StandardCharsets.US_ASCII);
                    URI url = URI.create(text.substring(2, text.indexOf('\n')).strip());
                    X509Certificate issuer = Pem.certificates(text, file.toString()).get(0);
                    points.track(url, issuer);
                    Optional<String> problem = points.offer(url, Pem.crl(text, file.toString()).getEncoded());
                    problem.ifPresent(p -> log.info("cached CRL not used, fetching again: {}", p));
                } catch (Exception e) {
                    log.warn("cannot read the cached CRL {} ({}); it is fetched again when needed", file, e.toString());
                }
            }
        } catch (IOException e) {
            log.warn("cannot list {} ({})", cache, e.toString());
        }
    }

    static String fileName(URI url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + ".pem";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
