package io.palisade.core.policy.model;

/**
 * What a rule does to the requests it matches. Order never matters: a request is allowed when
 * at least one allow rule matches it and no deny rule does (deny overrides allow), and a request
 * no rule matches is denied (default deny).
 */
public enum Action {
    ALLOW,
    DENY
}
