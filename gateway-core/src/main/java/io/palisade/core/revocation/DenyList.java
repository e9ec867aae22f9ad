package io.palisade.core.revocation;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.palisade.core.identity.DeviceId;

/**
 * Devices refused whatever their certificates say: the operator's immediate, local revocation.
 * Checked for every device of every tenant; a change takes effect for the next verification
 * without waiting for a CRL. Thread-safe: readers see an immutable snapshot, writers swap it
 * atomically.
 */
public final class DenyList {

    private final AtomicReference<Set<DeviceId>> ids;

    private DenyList(Set<DeviceId> ids) {
        this.ids = new AtomicReference<>(Set.copyOf(ids));
    }

    /** A deny list with no device on it. */
    public static DenyList empty() {
        return new DenyList(Set.of());
    }

    /** A deny list holding {@code ids}. */
    public static DenyList of(Collection<DeviceId> ids) {
        return new DenyList(Set.copyOf(requireNonNull(ids, "ids")));
    }

    /** Whether {@code id} is denied. */
    public boolean contains(DeviceId id) {
        return ids.get().contains(requireNonNull(id, "id"));
    }

    /** Denies {@code id} from now on. */
    public void add(DeviceId id) {
        requireNonNull(id, "id");
        ids.updateAndGet(s -> with(s, id, true));
    }

    /** Lifts the denial of {@code id}. */
    public void remove(DeviceId id) {
        requireNonNull(id, "id");
        ids.updateAndGet(s -> with(s, id, false));
    }

    /** Replaces the whole list at once (a reloaded deny file). */
    public void replace(Collection<DeviceId> newIds) {
        ids.set(Set.copyOf(requireNonNull(newIds, "newIds")));
    }

    /** The devices denied right now. */
    public Set<DeviceId> snapshot() {
        return ids.get();
    }

    private static Set<DeviceId> with(Set<DeviceId> current, DeviceId id, boolean add) {
        Set<DeviceId> next = new HashSet<>(current);
        if (add) {
            next.add(id);
        } else {
            next.remove(id);
        }
        return Set.copyOf(next);
    }
}
