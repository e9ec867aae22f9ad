package io.palisade.core.identity;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.util.List;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Checks certificate signatures (BouncyCastle) and remembers what the paths that validated taught
 * it, so that a device reconnecting with the same chain, or any device under an already seen CA,
 * does not pay for the same public-key work again:
 * <ul>
 *   <li><b>links</b>: this issuer signed exactly this certificate — no verification at all;</li>
 *   <li><b>issuer keys</b>: an issuer's decoded public key, with the precomputed multiples of its
 *       point that BouncyCastle keeps on the key object — a new device under a known CA costs one
 *       verification instead of a key decoding, a precomputation and a verification.</li>
 * </ul>
 *
 * <p><b>Why it is sound.</b> Whether a signature verifies is a pure function of the certificate's
 * exact bytes (its to-be-signed part, signature algorithm and signature value) and of the issuer's
 * key, itself a pure function of the issuer certificate's bytes. A link is keyed by the SHA-256 of
 * the child's whole DER certificate and the SHA-256 of the issuer's whole DER certificate, both as
 * received; an issuer key by the latter. A certificate that differs in any byte — same names and
 * serial but another signature, say — is another key and is verified afresh. Only signatures are
 * remembered: validity at the clock's time, revocation, the deny list, key usages, name
 * constraints, the strict profile, the device id binding and the tenant are checked on every call.
 *
 * <p><b>Why it stays small.</b> Entries are added only for a path that passed every check, so a
 * peer that is not authenticated cannot fill it with its own certificates. It holds at most
 * {@code maxLinks} links (about 150 bytes each: {@value #DEFAULT_MAX_LINKS} by default, some 1.5 MB
 * when full) and {@value #MAX_ISSUER_KEYS} issuer keys (a few KiB each), evicting the least useful
 * (Caffeine's size-bounded policy) beyond that. A miss costs only what it would have cost without
 * the memo. Thread-safe.
 */
final class VerifiedSignatures {

    /** How many links the process-wide instance holds: one per device certificate, one per CA link. */
    static final int DEFAULT_MAX_LINKS = 10_000;

    /** How many issuer (CA) keys are held: the tenants' CAs, with room to spare. */
    static final int MAX_ISSUER_KEYS = 256;

    /** The instance every {@link ChainValidator} uses unless a test gives it its own. */
    static final VerifiedSignatures SHARED = new VerifiedSignatures(DEFAULT_MAX_LINKS);

    private static final Provider BC = new BouncyCastleProvider();

    private final Cache<ByteBuffer, Boolean> links;
    private final Cache<ByteBuffer, PublicKey> issuerKeys;

    VerifiedSignatures(int maxLinks) {
        if (maxLinks <= 0) {
            throw new IllegalArgumentException("maxLinks: " + maxLinks + " (expected: > 0)");
        }
        // Maintenance on the calling thread: no hand-off to a pool from the handshake path.
        this.links = Caffeine.newBuilder().maximumSize(maxLinks).executor(Runnable::run).build();
        this.issuerKeys = Caffeine.newBuilder().maximumSize(MAX_ISSUER_KEYS).executor(Runnable::run).build();
    }

    /** Whether {@code issuer}'s key signed {@code child}: remembered, or verified now. */
    boolean verify(ParsedCert child, ParsedCert issuer) {
        if (links.getIfPresent(link(child, issuer)) != null) {
            return true;
        }
        try {
            return child.holder.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(key(issuer)));
        } catch (Exception e) {
            return false;
        }
    }

    /** Remembers the links and issuer keys of {@code path} (leaf first), which passed every check. */
    void remember(List<ParsedCert> path) {
        for (int i = 0; i + 1 < path.size(); i++) {
            ParsedCert issuer = path.get(i + 1);
            links.put(link(path.get(i), issuer), Boolean.TRUE);
            if (issuer.verifierKey != null) {
                issuerKeys.put(ByteBuffer.wrap(issuer.derDigest()), issuer.verifierKey);
            }
        }
    }

    /** How many links are held now (after pending evictions). */
    long size() {
        links.cleanUp();
        return links.estimatedSize();
    }

    /** How many issuer keys are held now (after pending evictions). */
    long issuerKeyCount() {
        issuerKeys.cleanUp();
        return issuerKeys.estimatedSize();
    }

    /** {@code issuer}'s public key as BouncyCastle decodes it from the certificate: remembered, or decoded now. */
    private PublicKey key(ParsedCert issuer) throws java.io.IOException {
        if (issuer.verifierKey == null) {
            PublicKey known = issuerKeys.getIfPresent(ByteBuffer.wrap(issuer.derDigest()));
            issuer.verifierKey = known != null ? known
                    : BouncyCastleProvider.getPublicKey(issuer.asn1.getSubjectPublicKeyInfo());
        }
        return issuer.verifierKey;
    }

    /** SHA-256(SHA-256(child DER) || SHA-256(issuer DER)): two fixed-length parts, no ambiguity. */
    private static ByteBuffer link(ParsedCert child, ParsedCert issuer) {
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
