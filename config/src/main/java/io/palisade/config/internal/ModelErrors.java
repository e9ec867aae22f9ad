package io.palisade.config.internal;

/**
 * Turns the core model's argument errors ({@code "cidr: 10.0.0.1/8 (expected: host bits zero,
 * 10.0.0.0/8)"}) into the "expected" part of a problem, so that the file check and the model
 * share one definition of what is valid.
 */
public final class ModelErrors {

    private static final String EXPECTED = " (expected: ";

    private ModelErrors() {
    }

    /** What the core expected, prefixed with what the value should be ({@code an MQTT topic filter}). */
    public static String expected(String what, IllegalArgumentException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int at = message.lastIndexOf(EXPECTED);
        String detail = at >= 0 && message.endsWith(")") ? message.substring(at + EXPECTED.length(), message.length() - 1)
                : message;
        return detail.isEmpty() ? what : what + "; " + detail;
    }
}
