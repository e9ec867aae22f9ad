package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.palisade.core.update.ManifestVerdict.Accepted;
import io.palisade.core.update.ManifestVerdict.Refused;

/**
 * Decides whether a manifest document may be served, in the order a TUF client checks: format,
 * vendor signature, target, expiry, version.
 *
 * <ol>
 *   <li>The document parses in canonical form ({@link ManifestRefusal#MALFORMED}).</li>
 *   <li>At least one signature by a configured vendor key verifies over the body. Signatures by
 *       keys the gateway does not know are ignored ({@link ManifestRefusal#UNTRUSTED_KEY} when
 *       none is known, {@link ManifestRefusal#BAD_SIGNATURE} when none of the known ones verifies).</li>
 *   <li>It names the product and channel it was fetched for ({@link ManifestRefusal#WRONG_TARGET}).</li>
 *   <li>Now is before {@code expires} ({@link ManifestRefusal#EXPIRED}: freeze protection).</li>
 *   <li>Its version is at least the last accepted one's; lower is {@link ManifestRefusal#ROLLBACK},
 *       equal is accepted only with the same body ({@link ManifestRefusal#VERSION_REUSED}).</li>
 * </ol>
 *
 * Pure and thread-safe; time comes from the injected clock.
 */
public final class ManifestVerifier {

    private final VendorKeys keys;
    private final Clock clock;

    public ManifestVerifier(VendorKeys keys, Clock clock) {
        this.keys = requireNonNull(keys, "keys");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * The verdict on {@code document}, fetched for {@code target}, given the last manifest accepted
     * for that target (empty if none). Never throws for bad input.
     */
    public ManifestVerdict verify(byte[] document, ManifestTarget target, Optional<SignedManifest> lastAccepted) {
        requireNonNull(document, "document");
        requireNonNull(target, "target");
        requireNonNull(lastAccepted, "lastAccepted");
        SignedManifest signed;
        try {
            signed = ManifestCodec.parse(document);
        } catch (ManifestFormatException e) {
            return new Refused(ManifestRefusal.MALFORMED, e.getMessage());
        }
        Refused unsigned = checkSignatures(signed);
        if (unsigned != null) {
            return unsigned;
        }
        return judge(signed, target, lastAccepted);
    }

    /** Steps 3-5 for a manifest whose signature has been verified. */
    private ManifestVerdict judge(SignedManifest signed, ManifestTarget target, Optional<SignedManifest> lastAccepted) {
        Manifest m = signed.manifest();
        if (!m.target().equals(target)) {
            return new Refused(ManifestRefusal.WRONG_TARGET, "manifest for " + m.target() + " (expected: " + target + ")");
        }
        Instant now = clock.instant();
        if (!now.isBefore(m.expires())) {
            return new Refused(ManifestRefusal.EXPIRED, "version " + m.version() + " expired at " + m.expires()
                    + " (now " + now + ")");
        }
        if (lastAccepted.isPresent()) {
            SignedManifest last = lastAccepted.get();
            long lastVersion = last.manifest().version();
            if (m.version() < lastVersion) {
                return new Refused(ManifestRefusal.ROLLBACK, "version " + m.version()
                        + " (expected: >= " + lastVersion + ", the version already accepted)");
            }
            if (m.version() == lastVersion) {
                if (!signed.sameContent(last)) {
                    return new Refused(ManifestRefusal.VERSION_REUSED, "version " + m.version()
                            + " with content other than the version " + lastVersion + " already accepted");
                }
                return new Accepted(signed, true);
            }
        }
        return new Accepted(signed, false);
    }

    private Refused checkSignatures(SignedManifest signed) {
        byte[] body = signed.body();
        int known = 0;
        for (ManifestSignature s : signed.signatures()) {
            Optional<PublicKey> key = keys.key(s.keyId());
            if (key.isEmpty()) {
                continue;
            }
            known++;
            if (verifies(key.get(), s, body)) {
                return null;
            }
        }
        if (known == 0) {
            return new Refused(ManifestRefusal.UNTRUSTED_KEY, signed.signatures().size()
                    + " signature(s), none by a configured vendor key " + signed.signatures().stream()
                    .map(ManifestSignature::keyId).toList());
        }
        return new Refused(ManifestRefusal.BAD_SIGNATURE, known + " signature(s) by configured vendor keys, none verifies");
    }

    private static boolean verifies(PublicKey key, ManifestSignature s, byte[] body) {
        if (SignatureAlgorithm.of(key).orElse(null) != s.algorithm()) {
            return false;
        }
        try {
            Signature v = Signature.getInstance(s.algorithm().jcaName());
            v.initVerify(key);
            v.update(body);
            return v.verify(s.value());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
