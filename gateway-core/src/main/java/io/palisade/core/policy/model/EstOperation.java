package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The certificate operations of EST (RFC 7030) a device may ask the gateway for. Policy files
 * write the short name ({@code reenroll}); the relay sees the RFC's path segment
 * ({@code simplereenroll}).
 */
public enum EstOperation {
    CACERTS("cacerts", "cacerts"),
    CSRATTRS("csrattrs", "csrattrs"),
    ENROLL("enroll", "simpleenroll"),
    REENROLL("reenroll", "simplereenroll"),
    SERVERKEYGEN("serverkeygen", "serverkeygen"),
    FULLCMC("fullcmc", "fullcmc");

    private final String yamlName;
    private final String pathSegment;

    EstOperation(String yamlName, String pathSegment) {
        this.yamlName = yamlName;
        this.pathSegment = pathSegment;
    }

    /** The name written in policy files, e.g. {@code reenroll}. */
    public String yamlName() {
        return yamlName;
    }

    /** The RFC 7030 path segment under {@code /.well-known/est/}, e.g. {@code simplereenroll}. */
    public String pathSegment() {
        return pathSegment;
    }

    /** Parses a policy-file name ({@code reenroll}) or an RFC 7030 path segment ({@code simplereenroll}). */
    public static EstOperation parse(String text) {
        requireNonNull(text, "text");
        String t = text.toLowerCase(Locale.ROOT);
        for (EstOperation op : values()) {
            if (op.yamlName.equals(t) || op.pathSegment.equals(t)) {
                return op;
            }
        }
        throw new IllegalArgumentException("est operation: " + text
                + " (expected: one of cacerts, csrattrs, enroll, reenroll, serverkeygen, fullcmc)");
    }
}
