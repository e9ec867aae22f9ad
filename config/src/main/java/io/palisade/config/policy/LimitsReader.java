package io.palisade.config.policy;

import io.palisade.core.policy.model.Limits;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code spec.limits} into the core's {@link Limits}: {@code connections} and
 * {@code messagesPerSecond} (whole numbers > 0, checked by the schema) and {@code bytesPerSecond}
 * (a size, see {@link Sizes}).
 */
final class LimitsReader {

    private LimitsReader() {
    }

    /** The limits {@code file} itself sets, or empty when one is not valid. */
    static Optional<Limits> read(PolicyFile file) {
        JsonNode limits = file.spec().path("limits");
        if (!limits.isObject()) {
            return Optional.of(Limits.NONE);
        }
        OptionalInt connections = positiveInt(limits.get("connections"));
        OptionalInt messages = positiveInt(limits.get("messagesPerSecond"));
        JsonNode bytes = limits.get("bytesPerSecond");
        OptionalLong bytesPerSecond = OptionalLong.empty();
        if (bytes != null) {
            Optional<Long> size = Sizes.parse(bytes);
            if (size.isEmpty()) {
                file.report("spec.limits.bytesPerSecond", PolicyFile.describe(bytes), Sizes.EXPECTED);
                return Optional.empty();
            }
            bytesPerSecond = OptionalLong.of(size.get());
        }
        boolean valid = (limits.get("connections") == null || connections.isPresent())
                && (limits.get("messagesPerSecond") == null || messages.isPresent());
        return valid ? Optional.of(new Limits(connections, messages, bytesPerSecond)) : Optional.empty();
    }

    /** {@code base} with every limit that {@code own} sets replaced by {@code own}'s. */
    static Limits override(Limits base, Limits own) {
        return new Limits(own.connections().isPresent() ? own.connections() : base.connections(),
                own.messagesPerSecond().isPresent() ? own.messagesPerSecond() : base.messagesPerSecond(),
                own.bytesPerSecond().isPresent() ? own.bytesPerSecond() : base.bytesPerSecond());
    }

    private static OptionalInt positiveInt(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToInt() && node.intValue() > 0
                ? OptionalInt.of(node.intValue()) : OptionalInt.empty();
    }
}
