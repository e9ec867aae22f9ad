package io.palisade.core.policy;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.model.Limits;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.RegistryEntry;

/**
 * One generation of policy, compiled: every rule parsed with its policy's vars bound, and, per
 * device on first use, a cached view with the device's variables filled in and its patterns
 * indexed (MQTT topic trie, exact and wildcard host maps, address ranges, path patterns,
 * channel and EST maps). A cached decision is a cache lookup and a few map/trie lookups; when
 * exactly one enforced allow rule matches, the decision object itself is preallocated.
 *
 * <p>The cache is keyed by device id and checked against the {@link DeviceContext} instance
 * (then its value): a device presenting another certificate gets a fresh view. A view whose
 * attestation requirement will lapse is rebuilt once it has (the {@link Clock} is read only for
 * such devices). Immutable and thread-safe.
 */
public final class CompiledPolicies implements PolicyEngine {

    /** Devices whose views are kept by default. */
    public static final int DEFAULT_CACHE_SIZE = 100_000;

    private final PolicySet source;
    private final long generation;
    private final Clock clock;
    private final List<CompiledPolicy> policies;
    private final DeviceViewBuilder builder;
    private final Cache<DeviceId, DeviceView> views;
    private final int ruleCount;

    private CompiledPolicies(PolicySet source, long generation, Clock clock, int cacheSize) {
        this.source = source;
        this.generation = generation;
        this.clock = clock;
        List<CompiledPolicy> compiled = new ArrayList<>(source.policies().size());
        int rules = 0;
        for (Policy p : source.policies()) {
            CompiledPolicy cp = new CompiledPolicy(p, generation);
            compiled.add(cp);
            rules += cp.rules.size();
        }
        this.policies = List.copyOf(compiled);
        this.ruleCount = rules;
        this.builder = new DeviceViewBuilder(policies, source.registry(), generation);
        this.views = cacheSize == 0 ? null : Caffeine.newBuilder().maximumSize(cacheSize)
                // maintenance on the calling thread: no hand-off (and unpark) to a pool from the decision path
                .executor(Runnable::run).build();
    }

    /** Compiles {@code set} as generation {@code generation}, caching up to {@value #DEFAULT_CACHE_SIZE} devices. */
    public static CompiledPolicies compile(PolicySet set, long generation, Clock clock) {
        return compile(set, generation, clock, DEFAULT_CACHE_SIZE);
    }

    /** Compiles {@code set}; {@code cacheSize} 0 builds every device's view afresh for each decision. */
    public static CompiledPolicies compile(PolicySet set, long generation, Clock clock, int cacheSize) {
        requireNonNull(set, "set");
        requireNonNull(clock, "clock");
        if (generation < 0) {
            throw new IllegalArgumentException("generation: " + generation + " (expected: >= 0)");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize: " + cacheSize + " (expected: >= 0)");
        }
        return new CompiledPolicies(set, generation, clock, cacheSize);
    }

    @Override
    public Decision decide(DeviceContext device, Request request) {
        requireNonNull(request, "request");
        return view(requireNonNull(device, "device")).decide(request);
    }

    @Override
    public Limits limitsFor(DeviceContext device) {
        return view(requireNonNull(device, "device")).limits;
    }

    @Override
    public Explanation explain(DeviceContext device, Request request) {
        requireNonNull(device, "device");
        requireNonNull(request, "request");
        DeviceView view = view(device);
        Decision decision = view.decide(request);
        RegistryEntry entry = source.registry().entry(device.id());
        List<String> names = view.applicable.stream().map(p -> p.policy.name()).toList();
        return new Explanation(decision, device, entry, names, view.quarantine, view.limits,
                NearMisses.of(policies, view, new DeviceVars(device, entry), request, decision));
    }

    @Override
    public long generation() {
        return generation;
    }

    /** The policies and registry this generation was compiled from. */
    public PolicySet policySet() {
        return source;
    }

    /** How many rules this generation holds. */
    public int ruleCount() {
        return ruleCount;
    }

    DeviceView view(DeviceContext device) {
        if (views == null) {
            return builder.build(device, clock.millis());
        }
        DeviceView v = views.getIfPresent(device.id());
        if (v != null && (v.context == device || v.context.equals(device))
                && (v.validUntilMillis == Long.MAX_VALUE || clock.millis() < v.validUntilMillis)) {
            return v;
        }
        v = builder.build(device, clock.millis());
        views.put(device.id(), v);
        return v;
    }

    @Override
    public String toString() {
        return "policy generation " + generation + " (" + policies.size() + " policies, " + ruleCount + " rules)";
    }
}
