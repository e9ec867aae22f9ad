package io.palisade.core.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.palisade.core.policy.model.Mode;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.RegistryEntry;
import io.palisade.core.policy.model.Selector;

/** A policy with its rules compiled, and the tests of whether it selects a device. */
final class CompiledPolicy {

    final Policy policy;
    final List<CompiledRule> rules = new ArrayList<>();
    final boolean enforced;

    CompiledPolicy(Policy policy, long generation) {
        this.policy = policy;
        this.enforced = policy.mode() == Mode.ENFORCE;
        policy.rules().forEach(r -> rules.add(new CompiledRule(policy, r, generation)));
    }

    /** Whether the selector selects the device (fields AND, values OR, empty field: any). */
    boolean selects(DeviceContext d, RegistryEntry entry) {
        Selector s = policy.selector();
        return (s.ids().isEmpty() || s.ids().contains(d.id()))
                && (s.tenants().isEmpty() || s.tenants().contains(d.tenant()))
                && (s.products().isEmpty() || (d.product().isPresent() && s.products().contains(d.product().get())))
                && (s.groups().isEmpty() || anyIn(entry.groups(), s.groups()))
                && (s.firmware().isEmpty() || (d.firmware().isPresent() && s.firmware().contains(d.firmware().get())));
    }

    private static boolean anyIn(java.util.Set<String> values, java.util.Set<String> wanted) {
        for (String v : values) {
            if (wanted.contains(v)) {
                return true;
            }
        }
        return false;
    }

    /** Why the selector does not select the device, or null when it does. */
    String selectorMismatch(DeviceContext d, RegistryEntry entry) {
        Selector s = policy.selector();
        if (!s.ids().isEmpty() && !s.ids().contains(d.id())) {
            return "device id not in selector ids";
        }
        if (!s.tenants().isEmpty() && !s.tenants().contains(d.tenant())) {
            return "tenant " + d.tenant() + " not in " + s.tenants();
        }
        if (!s.products().isEmpty() && (d.product().isEmpty() || !s.products().contains(d.product().get()))) {
            return "product " + d.product().orElse("(none)") + " not in " + s.products();
        }
        if (!s.groups().isEmpty() && !anyIn(entry.groups(), s.groups())) {
            return "groups " + entry.groups() + " not in " + s.groups();
        }
        if (!s.firmware().isEmpty() && (d.firmware().isEmpty() || !s.firmware().contains(d.firmware().get()))) {
            return "firmware " + d.firmware().map(Object::toString).orElse("(not attested)") + " not in selector firmware";
        }
        return null;
    }

    /**
     * When the device's attestation stops satisfying {@code require} (epoch millis), or
     * {@link Long#MIN_VALUE} when it does not satisfy it now, or {@link Long#MAX_VALUE} when the
     * policy requires nothing.
     */
    long freshUntil(DeviceContext d, long nowMillis) {
        if (policy.require().attestedWithin().isEmpty()) {
            return Long.MAX_VALUE;
        }
        if (d.attestedAt().isEmpty()) {
            return Long.MIN_VALUE;
        }
        Instant at = d.attestedAt().get();
        long until;
        try {
            until = at.plus(policy.require().attestedWithin().get()).toEpochMilli();
        } catch (ArithmeticException | java.time.DateTimeException e) {
            until = Long.MAX_VALUE - 1;
        }
        return nowMillis <= until ? until + 1 : Long.MIN_VALUE;
    }
}
