package io.palisade.config.policy.lint;

import static java.util.Objects.requireNonNull;

import io.palisade.core.policy.model.SourceRef;

/**
 * Something valid but probably not what the admin meant, located at the policy or rule it is
 * about. Warnings never stop a policy from loading; {@code palisade policy check} prints them after
 * the errors (and may be told to fail on them).
 *
 * @param source where the policy or rule is written
 * @param code a stable identifier of the kind of warning ({@code allow-any-address}), for
 *     filtering and documentation
 * @param message what is wrong, for the admin
 */
public record LintWarning(SourceRef source, String code, String message) {

    /** An allow rule whose egress covers every address ({@code 0.0.0.0/0}, {@code ::/0}). */
    public static final String ALLOW_ANY_ADDRESS = "allow-any-address";
    /** An allow rule whose MQTT filter covers every topic ({@code #}, {@code +/#}, ...). */
    public static final String ALLOW_ANY_TOPIC = "allow-any-topic";
    /** A policy whose selector names groups that no device of the registry is in. */
    public static final String NO_MATCHING_DEVICE = "no-matching-device";
    /** A rule using {@code ${device.attr.K}} where no device the policy can select has K. */
    public static final String MISSING_ATTRIBUTE = "missing-attribute";
    /** An allow rule that deny rules always override: it can never allow anything. */
    public static final String SHADOWED_ALLOW = "shadowed-allow";

    public LintWarning {
        requireNonNull(source, "source");
        requireNonNull(code, "code");
        requireNonNull(message, "message");
    }

    /** {@code file:line:col: warning: message [code]}, the line that check prints. */
    @Override
    public String toString() {
        return source + ": warning: " + message + " [" + code + "]";
    }
}
