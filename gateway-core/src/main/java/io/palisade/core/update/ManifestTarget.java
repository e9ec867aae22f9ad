package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * What a manifest is for: a product and one of its update channels. The gateway keeps one
 * manifest per target and checks that a manifest fetched for a target names that target (so a
 * validly signed {@code beta} manifest cannot be served as {@code stable}).
 *
 * @param product the product line, as in device certificates' subject OU (1-64 of letters,
 *                digits, {@code . _ -}, starting with a letter or digit)
 * @param channel the channel, as in policy {@code updates: {channels: [...]}}
 */
public record ManifestTarget(String product, String channel) {

    private static final Pattern PRODUCT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public ManifestTarget {
        requireNonNull(product, "product");
        requireNonNull(channel, "channel");
        if (!PRODUCT.matcher(product).matches()) {
            throw new IllegalArgumentException("product: " + product
                    + " (expected: 1-64 letters, digits, . _ -, starting with a letter or digit)");
        }
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel: " + channel + " (expected: 1-64 letters, digits, . _ -)");
        }
    }

    /** Whether {@code product} and {@code channel} would make a valid target. */
    public static boolean isValid(String product, String channel) {
        return product != null && channel != null && PRODUCT.matcher(product).matches()
                && CHANNEL.matcher(channel).matches();
    }

    @Override
    public String toString() {
        return product + "/" + channel;
    }
}
