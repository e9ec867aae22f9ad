package io.palisade.app.gateway;

import java.util.EnumSet;
import java.util.Set;

/**
 * The parts of a running gateway that reload without a restart, each from its own files, each
 * validated on its own: a broken trust bundle does not hold back a good deny list. The
 * {@link #label()} is the {@code what} of {@code palisade_reloads_total} and of the log lines.
 */
public enum Reloadable {
    /** The gateway's own certificate and key ({@code identity:}); new handshakes get the new one. */
    IDENTITY("identity"),
    /** Tenants' trust bundles and CRLs ({@code tenants[].trust}, {@code revocation.crls}, the local CA's crl.pem). */
    TRUST("trust"),
    /** The deny list file; devices newly on it are cut off at once. */
    DENY_LIST("denylist"),
    /** The policy directory and the site registry; live connections are re-judged. */
    POLICY("policy");

    private final String label;

    Reloadable(String label) {
        this.label = label;
    }

    /** The lowercase name used in metrics and logs. */
    public String label() {
        return label;
    }

    /** Every part, in reload order. */
    public static Set<Reloadable> all() {
        return EnumSet.allOf(Reloadable.class);
    }
}
