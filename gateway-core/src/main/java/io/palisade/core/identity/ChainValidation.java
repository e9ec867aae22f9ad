package io.palisade.core.identity;

/**
 * The outcome of {@link ChainValidator#validate}: a {@link ValidChain} from the leaf to a trust
 * anchor, or {@link Refused}.
 */
public sealed interface ChainValidation permits ValidChain, Refused {
}
