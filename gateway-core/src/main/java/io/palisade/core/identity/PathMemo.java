package io.palisade.core.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Checks certificate signatures (BouncyCastle) and remembers what the paths that validated taught
 * it, so that the next handshake does not redo the same work:
 * <ul>
 *   <li><b>signature links</b> — this issuer signed exactly this certificate: a device that
 *       reconnects with the same chain costs no public-key operation;</li>
 *   <li><b>issuers</b> — a CA certificate decoded, with its public key and the multiples of its
 *       point BouncyCastle precomputes on the key object: a chain through a known CA is not
 *       decoded again, and a new device under it costs one bare verification.</li>
 * </ul>
 *
 * <p><b>Why it is sound.</b> Decoding a certificate, and whether a signature verifies, are pure
 * functions of exact bytes: the child certificate's (to-be-signed part, algorithm, signature
 * value) and the issuer certificate's (its key). A link is keyed by the SHA-256 of the child's
 * whole DER certificate and of the issuer's, both as received; an issuer by its whole DER
 * encoding, compared byte for byte. A certificate that differs in any byte — same names and
 * serial but another signature, say — is another key, decoded and verified afresh. Nothing else is
 * remembered: validity at the clock's time, revocation, the deny list, key usages, name
 * constraints, the strict profile, the device id binding and the tenant are checked on every call.
 *
 * <p><b>Why it stays small.</b> Entries are added only for a path that passed every check, so a
 * peer that is not authenticated cannot fill it with its own certificates. It holds at most
 * {@code maxLinks} links (about 150 bytes each: {@value #DEFAULT_MAX_LINKS} by default, some 1.5 MB
 * when full) and {@value #MAX_ISSUERS} issuers (a few KiB each), evicting the least useful
 * (Caffeine's size-bounded policy) beyond that. A miss costs only what it would have cost without
 * the memo. Thread-safe: a remembered issuer is a frozen {@link ParsedCert}, read only.
 */
final class PathMemo {

    /** How many links the process-wide instance holds: one per device certificate, one per CA link. */
    static final int DEFAULT_MAX_LINKS = 10_000;

    /** How many issuers (CA certificates) are held: the tenants' CAs, with room to spare. */
    static final int MAX_ISSUERS = 256;

    /** The instance every {@link ChainValidator} uses unless a test gives it its own. */
    static final PathMemo SHARED = new PathMemo(DEFAULT_MAX_LINKS);

    private static final Provider BC = new BouncyCastleProvider();

    private final Cache<Bytes, Boolean> links;
    private final Cache<Bytes, ParsedCert> issuers;

    PathMemo(int maxLinks) {
        if (maxLinks <= 0) {
            throw new IllegalArgumentException("maxLinks: " + maxLinks + " (expected: > 0)");
        }
        // Maintenance on the calling thread: no hand-off to a pool from the handshake path.
        this.links = Caffeine.newBuilder().maximumSize(maxLinks).executor(Runnable::run).build();
        this.issuers = Caffeine.newBuilder().maximumSize(MAX_ISSUERS).executor(Runnable::run).build();
    }

    /** {@code x509} decoded: a remembered issuer with the same bytes, or decoded now. */
    ParsedCert parse(X509Certificate x509) throws Violation {
        byte[] der;
        try {
            der = x509.getEncoded();
        } catch (CertificateEncodingException | RuntimeException e) {
            return new ParsedCert(x509); // refuses it as MALFORMED, with the reason
        }
        ParsedCert known = issuers.getIfPresent(new Bytes(der));
        return known != null ? known.presentedAs(x509) : new ParsedCert(x509, der);
    }

    /** Whether {@code issuer}'s key signed {@code child}: remembered, or verified now. */
    boolean verify(ParsedCert child, ParsedCert issuer) {
        if (links.getIfPresent(link(child, issuer)) != null) {
            return true;
        }
        try {
            return child.holder.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC)
                    .build(issuer.verifierKey()));
        } catch (Exception e) {
            return false;
        }
    }

    /** Remembers the links and issuers of {@code path} (leaf first), which passed every check. */
    void remember(List<ParsedCert> path) {
        for (int i = 0; i + 1 < path.size(); i++) {
            ParsedCert issuer = path.get(i + 1);
            links.put(link(path.get(i), issuer), Boolean.TRUE);
            Bytes der = new Bytes(issuer.encoded());
            if (issuers.getIfPresent(der) == null) {
                issuers.put(der, issuer.frozen());
            }
        }
    }

    /** How many links are held now (after pending evictions). */
    long links() {
        links.cleanUp();
        return links.estimatedSize();
    }

    /** How many issuers are held now (after pending evictions). */
    long issuers() {
        issuers.cleanUp();
        return issuers.estimatedSize();
    }

    /**
     * SHA-256(issuer DER) || SHA-256(child DER): two fixed-length parts, no ambiguity, and no third
     * digest over digests already at hand. The child's part last, which {@link Bytes} hashes, so the
     * links under one issuer spread.
     */
    private static Bytes link(ParsedCert child, ParsedCert issuer) {
        byte[] issuerDigest = issuer.derDigest();
        byte[] childDigest = child.derDigest();
        byte[] key = Arrays.copyOf(issuerDigest, issuerDigest.length + childDigest.length);
        System.arraycopy(childDigest, 0, key, issuerDigest.length, childDigest.length);
        return new Bytes(key);
    }

    /**
     * Bytes compared in full, hashed by their last 32 bytes only: a DER certificate ends with its
     * signature and a link key with a digest, random-looking bytes either way, so the hash spreads
     * well without reading a whole certificate for each lookup.
     */
    private static final class Bytes {
        private final byte[] bytes;
        private final int hash;

        Bytes(byte[] bytes) {
            this.bytes = bytes;
            int h = 1;
            for (int i = Math.max(0, bytes.length - 32); i < bytes.length; i++) {
                h = 31 * h + bytes[i];
            }
            this.hash = 31 * h + bytes.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
