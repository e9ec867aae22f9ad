package io.palisade.core.policy.model;

/**
 * Whether a policy is enforced or only audited.
 *
 * <p>{@link #AUDIT} is a dry run for rolling out a new policy, and the only relaxation the
 * language has: what the audited policy would deny (its deny rules, and, for a device no
 * enforced policy applies to, the default deny) passes, and the decision says
 * {@code AUDIT} so that it is logged and counted. An audited policy never relaxes an enforced
 * one: an enforced deny still denies, and a device that has an enforced policy keeps that
 * policy's default deny. Limits of an audited policy are not enforced.
 */
public enum Mode {
    ENFORCE,
    AUDIT
}
