package io.palisade.core.identity;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The signature links (this issuer key signed that exact certificate) already verified on a path
 * that reached a trust anchor, so that a device reconnecting with the same chain, or any device
 * under an already seen CA, does not pay for the same public-key verification again.
 *
 * <p><b>Why it is sound.</b> Whether a signature verifies is a pure function of the certificate's
 * exact bytes (its to-be-signed part, signature algorithm and signature value) and of the issuer's
 * key (taken from the issuer's certificate bytes). A link is keyed by the SHA-256 of the child's
 * whole DER certificate and the SHA-256 of the issuer's whole DER certificate, both as received, so
 * a certificate that differs in any byte — same names and serial but another signature, say — is
 * another key and is verified afresh. Only the signature is remembered: validity at the clock's
 * time, revocation, the deny list, key usages, name constraints, the strict profile, the device id
 * binding and the tenant are checked on every call, as before.
 *
 * <p><b>Why it stays small.</b> Links are added only once a whole path validated, so a peer that is
 * not authenticated cannot fill it with its own certificates; it holds at most {@code maxLinks}
 * links (about 150 bytes each; {@value #DEFAULT_MAX_LINKS} by default, some 1.5 MB when full) and
 * evicts the least useful (Caffeine's size-bounded policy) beyond that. A miss only costs the
 * verification it would have cost without the cache. Thread-safe.
 */
final class VerifiedSignatures {

    /** How many links the process-wide instance holds: one per device certificate, one per CA link. */
    static final int DEFAULT_MAX_LINKS = 10_000;

    /** The instance every {@link ChainValidator} uses unless a test gives it its own. */
    static final VerifiedSignatures SHARED = new VerifiedSignatures(DEFAULT_MAX_LINKS);

    private final Cache<ByteBuffer, Boolean> links;

    VerifiedSignatures(int maxLinks) {
        if (maxLinks <= 0) {
            throw new IllegalArgumentException("maxLinks: " + maxLinks + " (expected: > 0)");
        }
        // Maintenance on the calling thread: no hand-off to a pool from the handshake path.
        this.links = Caffeine.newBuilder().maximumSize(maxLinks).executor(Runnable::run).build();
    }

    /** Whether {@code issuer}'s key is known to have signed exactly {@code child}. */
    boolean contains(ParsedCert child, ParsedCert issuer) {
        return links.getIfPresent(key(child, issuer)) != null;
    }

    /** Remembers that {@code issuer}'s key signed {@code child}; call only for a verified signature. */
    void add(ParsedCert child, ParsedCert issuer) {
        links.put(key(child, issuer), Boolean.TRUE);
    }

    /** How many links are held now (after pending evictions). */
    long size() {
        links.cleanUp();
        return links.estimatedSize();
    }

    /** SHA-256(SHA-256(child DER) || SHA-256(issuer DER)): two fixed-length parts, no ambiguity. */
    private static ByteBuffer key(ParsedCert child, ParsedCert issuer) {
        MessageDigest sha256 = sha256();
        sha256.update(child.derDigest());
        sha256.update(issuer.derDigest());
        return ByteBuffer.wrap(sha256.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
