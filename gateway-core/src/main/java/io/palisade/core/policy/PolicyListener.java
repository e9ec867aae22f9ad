package io.palisade.core.policy;

/**
 * Told when a new policy generation is in force, so that the data plane can re-judge live
 * connections and subscriptions against it. Called on the thread that swapped, after the swap,
 * in generation order; an exception is logged and does not stop other listeners.
 */
@FunctionalInterface
public interface PolicyListener {

    /** {@code current} replaced {@code previous}. */
    void policiesChanged(CompiledPolicies previous, CompiledPolicies current);
}
