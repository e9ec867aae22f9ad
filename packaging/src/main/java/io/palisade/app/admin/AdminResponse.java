package io.palisade.app.admin;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * An admin endpoint's answer, before it becomes HTTP.
 *
 * @param status      HTTP status code
 * @param contentType the {@code Content-Type}
 * @param body        the body, UTF-8
 */
public record AdminResponse(int status, String contentType, String body) {

    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json";
    /** Prometheus text exposition format 0.0.4. */
    static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    public AdminResponse {
        requireNonNull(contentType, "contentType");
        requireNonNull(body, "body");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100-599)");
        }
    }

    static AdminResponse text(int status, String body) {
        return new AdminResponse(status, TEXT, body);
    }

    byte[] bytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
