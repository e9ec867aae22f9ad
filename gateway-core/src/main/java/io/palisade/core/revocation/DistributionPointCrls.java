package io.palisade.core.revocation;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CRLs fetched from certificates' distribution points ({@code distributionPoints: fetch}):
 * which are needed, which are in hand, when each is due again. Pure and thread-safe: it does no
 * I/O itself; a fetcher asks {@link #due()}, fetches each URL however it likes, and hands the
 * body to {@link #accept} (or reports {@link #failed}).
 *
 * <p>A URL becomes needed the first time a verified path names it ({@link #inHand}, called by
 * {@link RevocationPolicy} during validation, so only certificates signed up to a trust anchor
 * add URLs), together with the issuer whose CRL it must be. A fetched body is put in force only
 * when it is a CRL of that issuer, signed by it, current, and not older than the one in hand;
 * otherwise the one in hand stays. Refresh times follow {@link CrlRefresh}. At most
 * {@value #MAX_URLS} URLs are tracked.
 */
public final class DistributionPointCrls {

    /** The largest CRL body accepted. */
    public static final int MAX_CRL_BYTES = 10 * 1024 * 1024;
    /** How many distribution point URLs are tracked at most. */
    public static final int MAX_URLS = 1024;

    /** A distribution point: its URL, the CA whose CRL it serves, the CRL in hand if any. */
    public record Point(URI url, X509Certificate issuer, Optional<X509CRL> crl, Instant due, int failures,
                        Optional<String> lastProblem) {
        public Point {
            requireNonNull(url, "url");
            requireNonNull(issuer, "issuer");
            requireNonNull(crl, "crl");
            requireNonNull(due, "due");
            requireNonNull(lastProblem, "lastProblem");
        }
    }

    private final Clock clock;
    private final CrlRefresh refresh;
    private final Map<URI, Point> points = new ConcurrentHashMap<>();
    private volatile Runnable onNeeded = () -> {};

    public DistributionPointCrls(Clock clock, CrlRefresh refresh) {
        this.clock = requireNonNull(clock, "clock");
        this.refresh = requireNonNull(refresh, "refresh");
    }

    /** Called (on the validating thread; keep it short) whenever a new URL becomes needed: wake the fetcher. */
    public void onNeeded(Runnable wake) {
        this.onNeeded = requireNonNull(wake, "wake");
    }

    /**
     * The CRLs in hand for {@code urls}, the distribution points of a certificate issued by
     * {@code issuer}; a URL not tracked yet is registered, due at once.
     */
    public List<X509CRL> inHand(List<URI> urls, X509Certificate issuer) {
        requireNonNull(urls, "urls");
        requireNonNull(issuer, "issuer");
        List<X509CRL> crls = new ArrayList<>();
        boolean added = false;
        for (URI url : urls) {
            Point p = points.get(url);
            if (p == null && points.size() < MAX_URLS) {
                p = points.computeIfAbsent(url, u -> new Point(u, issuer, Optional.empty(), clock.instant(), 0, Optional.empty()));
                added = true;
            }
            if (p != null) {
                p.crl().ifPresent(crls::add);
            }
        }
        if (added) {
            onNeeded.run();
        }
        return crls;
    }

    /** The URLs due for a fetch now, the most overdue first. */
    public List<URI> due() {
        Instant now = clock.instant();
        return points.values().stream().filter(p -> !p.due().isAfter(now))
                .sorted(Comparator.comparing(Point::due)).map(Point::url).toList();
    }

    /** When the next URL falls due, if any is tracked. */
    public Optional<Instant> nextDue() {
        return points.values().stream().map(Point::due).min(Comparator.naturalOrder());
    }

    /**
     * Puts the CRL in {@code body} (DER, or PEM {@code X509 CRL}) in force for {@code url} if it
     * may be relied on; returns why not otherwise (and schedules a retry, as {@link #failed}).
     */
    public Optional<String> accept(URI url, byte[] body) {
        Optional<String> problem = offer(url, body);
        problem.filter(p -> points.containsKey(url)).ifPresent(p -> failed(url, p));
        return problem;
    }

    /**
     * As {@link #accept}, but a body that may not be relied on changes nothing, not even the
     * schedule: for a copy kept on disk, offered before the distribution point is asked.
     */
    public Optional<String> offer(URI url, byte[] body) {
        requireNonNull(url, "url");
        requireNonNull(body, "body");
        Point p = points.get(url);
        if (p == null) {
            return Optional.of(url + ": not a tracked distribution point");
        }
        String problem = problem(p, body);
        if (problem != null) {
            return Optional.of(problem);
        }
        X509CRL crl = parse(body);
        Instant now = clock.instant();
        points.computeIfPresent(url, (u, old) -> new Point(u, old.issuer(), Optional.of(crl), refresh.after(crl, now), 0,
                Optional.empty()));
        return Optional.empty();
    }

    /** Records a failed fetch of {@code url} ({@code why}, for status) and schedules the retry with backoff. */
    public void failed(URI url, String why) {
        requireNonNull(why, "why");
        Instant now = clock.instant();
        points.computeIfPresent(requireNonNull(url, "url"), (u, old) -> new Point(u, old.issuer(), old.crl(),
                refresh.afterFailure(old.failures() + 1, now), old.failures() + 1, Optional.of(why)));
    }

    /**
     * Tracks {@code url} for {@code issuer} without a CRL yet (e.g. from a cache on disk, before
     * its body is offered to {@link #accept}); no effect when already tracked.
     */
    public void track(URI url, X509Certificate issuer) {
        if (points.size() < MAX_URLS) {
            points.putIfAbsent(requireNonNull(url, "url"), new Point(url, requireNonNull(issuer, "issuer"), Optional.empty(),
                    clock.instant(), 0, Optional.empty()));
        }
    }

    /** Every tracked distribution point now. */
    public List<Point> points() {
        return List.copyOf(points.values());
    }

    private String problem(Point p, byte[] body) {
        if (body.length > MAX_CRL_BYTES) {
            return p.url() + ": " + body.length + " bytes (expected: a CRL of at most " + MAX_CRL_BYTES + " bytes)";
        }
        X509CRL crl;
        try {
            crl = parse(body);
        } catch (IllegalArgumentException e) {
            return p.url() + ": " + e.getMessage();
        }
        if (!crl.getIssuerX500Principal().equals(p.issuer().getSubjectX500Principal())) {
            return p.url() + ": a CRL of '" + crl.getIssuerX500Principal().getName() + "' (expected: the CRL of '"
                    + p.issuer().getSubjectX500Principal().getName() + "')";
        }
        String unusable = CrlUsability.problem(crl, p.issuer(), clock.instant());
        if (unusable != null) {
            return p.url() + ": not usable: " + unusable;
        }
        if (p.crl().isPresent() && crl.getThisUpdate().before(p.crl().get().getThisUpdate())) {
            return p.url() + ": thisUpdate " + crl.getThisUpdate().toInstant() + " is older than the CRL in hand ("
                    + p.crl().get().getThisUpdate().toInstant() + ")";
        }
        return null;
    }

    private static X509CRL parse(byte[] body) {
        byte[] der = body;
        String text = new String(body, 0, Math.min(body.length, 64), StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN")) {
            String pem = new String(body, StandardCharsets.US_ASCII);
            int begin = pem.indexOf("-----BEGIN X509 CRL-----");
            int end = pem.indexOf("-----END X509 CRL-----");
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException("PEM without an X509 CRL block (expected: a DER or PEM CRL)");
            }
            try {
                der = Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN X509 CRL-----".length(), end));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed PEM (expected: a DER or PEM CRL)");
            }
        }
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed CRL (" + e.getMessage() + ") (expected: a DER or PEM CRL)");
        }
    }
}
