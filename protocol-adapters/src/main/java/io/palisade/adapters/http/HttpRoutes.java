package io.palisade.adapters.http;

/**
 * One relay's share of the device-facing HTTP paths (the update relay under {@code /updates/},
 * the certificate relay under {@code /.well-known/est/}). The {@link HttpRelayService} hands each
 * complete request to the first routes that {@link #serves} its path; a path no routes serve is a
 * {@code 404}. Routes are shared by every connection: they hold configuration only.
 */
public interface HttpRoutes {

    /** Whether {@code path} (the request path without query, as sent) is this relay's. */
    boolean serves(String path);

    /**
     * Answers {@code exchange} exactly once, now or later (from any thread: the exchange moves the
     * answer onto the connection's event loop). Called on the event loop; must not block.
     * Anything wrong with what the device sent is a 4xx with a reason, never a 5xx.
     */
    void handle(HttpExchange exchange);
}
