package io.palisade.core.enrollment;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.palisade.core.identity.DeviceId;

/**
 * Issues attestation nonces and redeems each at most once. A nonce belongs to the device it was
 * issued to and is good for {@code validity}; that window is what "fresh evidence" means.
 * Redeemed and expired nonces are remembered for a further {@code validity} so that a replay is
 * reported as such, then forgotten. At most {@code maxOutstanding} are kept: past that, the
 * oldest is dropped (and would be {@link Check#UNKNOWN}), so a flood of requests costs bounded
 * memory. Thread-safe; time from the injected clock.
 */
public final class NonceIssuer {

    /** Length of a nonce in bytes. */
    public static final int NONCE_BYTES = 32;
    /** How long a nonce is good by default. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofMinutes(5);
    /** How many nonces are kept by default. */
    public static final int DEFAULT_MAX_OUTSTANDING = 100_000;

    /** The outcome of redeeming a nonce. */
    public enum Check {
        /** Issued to this device, not expired, not used before: now used. */
        FRESH,
        /** Never issued, issued to another device, or forgotten. */
        UNKNOWN,
        /** Issued to this device, but past its expiry. */
        EXPIRED,
        /** Issued to this device and already redeemed. */
        REUSED
    }

    private record Entry(DeviceId device, Instant expiresAt, boolean used) {}

    private final Duration validity;
    private final int maxOutstanding;
    private final Clock clock;
    private final SecureRandom random;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    public NonceIssuer(Duration validity, int maxOutstanding, Clock clock, SecureRandom random) {
        this.validity = requireNonNull(validity, "validity");
        this.clock = requireNonNull(clock, "clock");
        this.random = requireNonNull(random, "random");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity: " + validity + " (expected: > 0)");
        }
        if (maxOutstanding < 1) {
            throw new IllegalArgumentException("maxOutstanding: " + maxOutstanding + " (expected: > 0)");
        }
        this.maxOutstanding = maxOutstanding;
    }

    /** An issuer with {@link #DEFAULT_VALIDITY} and {@link #DEFAULT_MAX_OUTSTANDING}. */
    public static NonceIssuer create(Clock clock) {
        return new NonceIssuer(DEFAULT_VALIDITY, DEFAULT_MAX_OUTSTANDING, clock, new SecureRandom());
    }

    /** How long a nonce is good. */
    public Duration validity() {
        return validity;
    }

    /** A new nonce for {@code device}. */
    public synchronized Nonce issue(DeviceId device) {
        requireNonNull(device, "device");
        Instant now = clock.instant();
        forgetOld(now);
        while (entries.size() >= maxOutstanding) {
            Iterator<String> eldest = entries.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        byte[] value = new byte[NONCE_BYTES];
        random.nextBytes(value);
        Nonce nonce = new Nonce(value, now.plus(validity));
        entries.put(HexFormat.of().formatHex(value), new Entry(device, nonce.expiresAt(), false));
        return nonce;
    }

    /** Redeems {@code nonce} for {@code device}: {@link Check#FRESH} at most once. */
    public synchronized Check redeem(DeviceId device, byte[] nonce) {
        requireNonNull(device, "device");
        requireNonNull(nonce, "nonce");
        Instant now = clock.instant();
        forgetOld(now);
        String key = HexFormat.of().formatHex(nonce);
        Entry e = entries.get(key);
        if (e == null || !e.device().equals(device)) {
            return Check.UNKNOWN;
        }
        if (e.used()) {
            return Check.REUSED;
        }
        if (!now.isBefore(e.expiresAt())) {
            return Check.EXPIRED;
        }
        entries.put(key, new Entry(e.device(), e.expiresAt(), true));
        return Check.FRESH;
    }

    /** How many nonces are remembered. */
    public synchronized int size() {
        return entries.size();
    }

    /** Drops entries a whole validity past their expiry (insertion order is expiry order). */
    private void forgetOld(Instant now) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            if (now.isBefore(it.next().getValue().expiresAt().plus(validity))) {
                return;
            }
            it.remove();
        }
    }
}
