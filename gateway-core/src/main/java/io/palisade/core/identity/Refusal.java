package io.palisade.core.identity;

/**
 * Why a device's certificate chain was refused. The reason and its detail go to the audit log;
 * the device itself only ever sees a generic handshake failure.
 */
public enum Refusal {
    /** No path from the leaf to a trust anchor of any configured tenant. */
    UNKNOWN_ISSUER,
    /** A certificate of the path (leaf, intermediate or anchor) is past its notAfter. */
    EXPIRED,
    /** A certificate of the path is before its notBefore. */
    NOT_YET_VALID,
    /**
     * The leaf lacks KeyUsage digitalSignature or ExtendedKeyUsage clientAuth, a CA's KeyUsage
     * lacks keyCertSign, or an intermediate's ExtendedKeyUsage excludes clientAuth.
     */
    WRONG_KEY_USAGE,
    /** The leaf's subject CN is not the device id computed from the leaf's public key. */
    ID_NOT_BOUND_TO_KEY,
    /** The device is on the deny list, or a CRL of its tenant lists a certificate of the path. */
    REVOKED,
    /** Revocation status could not be established (no valid, fresh CRL) and the tenant denies then. */
    REVOCATION_UNAVAILABLE,
    /** A certificate is not well-formed for this profile (v1, bad serial, duplicate or unknown critical extension, ...). */
    MALFORMED,
    /** The client sent more certificates than allowed; refused before any path building. */
    CHAIN_TOO_LONG,
    /** The leaf is a CA certificate (basicConstraints cA=TRUE or KeyUsage keyCertSign). */
    NOT_END_ENTITY,
    /** A key of the path is weak: RSA below 2048 bits, an EC curve other than P-256/P-384, DSA, ... */
    WEAK_KEY,
    /** A certificate is signed with a weak algorithm (SHA-1, MD5) or one outside the profile. */
    WEAK_SIGNATURE,
    /** A name of a certificate violates (or cannot be checked against) a CA's name constraints. */
    NAME_CONSTRAINTS,
    /** Any other path failure: an issuer that is not a CA, a path length constraint exceeded, ... */
    INVALID_CHAIN,
    /** Path building exceeded its time budget (a flood of look-alike intermediates). */
    PATH_BUILDING_TIMEOUT,
    /** The chain is valid under one tenant's anchors but the leaf's subject O names another tenant. */
    TENANT_MISMATCH
}
