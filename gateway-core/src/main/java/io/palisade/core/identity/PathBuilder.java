package io.palisade.core.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Finds a path from a leaf to a trust anchor through the certificates the client sent, depth
 * first: at each step trust anchors before intermediates, skipping issuers whose subject key
 * identifier contradicts the child's authority key identifier; every edge is a verified signature; each complete path goes through {@link PathChecks}
 * and the first that passes wins. A path never holds one (subject, key) twice, counts at most
 * {@code maxIntermediates} non-self-issued intermediates, and the whole search stops at its
 * deadline, so a flood of look-alike intermediates costs at most the budget.
 *
 * <p>Signatures are checked by {@link PathMemo}, which remembers the path that passes
 * (only that one, so an unauthenticated peer adds nothing to it).
 */
final class PathBuilder {

    private final List<ParsedCert> anchors;
    private final List<ParsedCert> pool;
    private final int maxIntermediates;
    private final long deadline;
    private final LongSupplier ticker;
    private final PathChecks checks;
    private final PathMemo memo;
    private final Map<ParsedCert, Map<String, Boolean>> signatures = new IdentityHashMap<>();
    private Refused firstFailure;
    private boolean depthLimited;

    PathBuilder(List<ParsedCert> anchors, List<ParsedCert> pool, int maxIntermediates,
                long deadline, LongSupplier ticker, PathChecks checks, PathMemo memo) {
        this.anchors = anchors;
        this.pool = pool;
        this.maxIntermediates = maxIntermediates;
        this.deadline = deadline;
        this.ticker = ticker;
        this.checks = checks;
        this.memo = memo;
    }

    ChainValidation build(ParsedCert leaf) {
        List<ParsedCert> path = new ArrayList<>();
        path.add(leaf);
        try {
            ValidChain found = extend(path, 0);
            if (found != null) {
                return found;
            }
        } catch (Violation timeout) {
            return timeout.refused();
        }
        if (firstFailure != null) {
            return firstFailure;
        }
        if (depthLimited) {
            return new Refused(Refusal.INVALID_CHAIN, leaf + ": no path to a trust anchor within "
                    + maxIntermediates + " intermediate CA certificates");
        }
        return new Refused(Refusal.UNKNOWN_ISSUER, leaf + ": no path to a trust anchor (issuer '" + leaf.issuer + "')");
    }

    private ValidChain extend(List<ParsedCert> path, int intermediates) throws Violation {
        ParsedCert tip = path.get(path.size() - 1);
        for (ParsedCert anchor : issuersOf(tip, anchors, path)) {
            path.add(anchor);
            try {
                checks.check(path);
                List<java.security.cert.X509Certificate> certs = new ArrayList<>();
                path.forEach(c -> certs.add(c.x509));
                memo.remember(path);
                return new ValidChain(certs);
            } catch (Violation v) {
                if (firstFailure == null) {
                    firstFailure = v.refused();
                }
            } catch (RuntimeException e) {
                // A certificate our checks could not even evaluate: fail closed, and say so.
                if (firstFailure == null) {
                    firstFailure = new Refused(Refusal.MALFORMED, "path through " + tip + " could not be checked (" + e + ")");
                }
            } finally {
                path.remove(path.size() - 1);
            }
        }
        for (ParsedCert next : issuersOf(tip, pool, path)) {
            int count = intermediates + (next.selfIssued ? 0 : 1);
            if (count > maxIntermediates) {
                depthLimited = true;
                continue;
            }
            path.add(next);
            ValidChain found = extend(path, count);
            path.remove(path.size() - 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * Certificates of {@code from} that name {@code child}'s issuer, whose key identifier does not
     * contradict the child's authority key identifier, that add a new (subject, key) to the path
     * and that verifiably signed {@code child}.
     */
    private List<ParsedCert> issuersOf(ParsedCert child, List<ParsedCert> from, List<ParsedCert> path) throws Violation {
        List<ParsedCert> issuers = new ArrayList<>();
        for (ParsedCert candidate : from) {
            if (candidate.subject.equals(child.issuer) && child.akiMatches(candidate)
                    && !onPath(candidate, path) && signed(child, candidate)) {
                issuers.add(candidate);
            }
        }
        return issuers;
    }

    private static boolean onPath(ParsedCert c, List<ParsedCert> path) {
        for (ParsedCert p : path) {
            if (p == c || p.sameCertificate(c) || p.sameSubjectAndKey(c)) {
                return true;
            }
        }
        return false;
    }

    private boolean signed(ParsedCert child, ParsedCert issuer) throws Violation {
        if (ticker.getAsLong() - deadline > 0) {
            throw new Violation(Refusal.PATH_BUILDING_TIMEOUT, child + ": path building exceeded its time budget");
        }
        Map<String, Boolean> byKey = signatures.computeIfAbsent(child, k -> new HashMap<>());
        Boolean known = byKey.get(issuer.publicKeyHex());
        if (known == null) {
            known = memo.verify(child, issuer);
            byKey.put(issuer.publicKeyHex(), known);
        }
        return known;
    }
}
