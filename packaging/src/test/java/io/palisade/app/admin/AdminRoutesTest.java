package io.palisade.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The admin endpoints as a function of method and path. */
class AdminRoutesTest {

    final AtomicBoolean ready = new AtomicBoolean();
    final AdminRoutes routes = new AdminRoutes(this::status, () -> "palisade_connections_active 0.0\n");

    GatewayStatus status() {
        return new GatewayStatus("site-a", "1.2.3", Instant.parse("2025-01-01T00:00:00Z"), ready.get(),
                List.of(new GatewayStatus.Listener("plc", "127.0.0.1:40001", "historian.example:502")), 2, 3);
    }

    @Test
    void livezAnswersWhetherReadyOrNot() {
        assertThat(routes.respond("GET", "/livez").status()).isEqualTo(200);
        ready.set(true);
        assertThat(routes.respond("GET", "/livez").status()).isEqualTo(200);
    }

    @Test
    void readyzFollowsReadiness() {
        assertThat(routes.respond("GET", "/readyz")).isEqualTo(AdminResponse.text(503, "not ready\n"));
        ready.set(true);
        assertThat(routes.respond("GET", "/readyz")).isEqualTo(AdminResponse.text(200, "ready\n"));
    }

    @Test
    void metricsArePrometheusText() {
        AdminResponse r = routes.respond("GET", "/metrics?name[]=x");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).isEqualTo("palisade_connections_active 0.0\n");
    }

    @Test
    void statusIsJsonWithListenersAndConnections() {
        ready.set(true);
        AdminResponse r = routes.respond("GET", "/status");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.body()).isEqualTo("{\"site\":\"site-a\",\"version\":\"1.2.3\",\"startedAt\":\"2025-01-01T00:00:00Z\","
                + "\"ready\":true,\"listeners\":[{\"name\":\"plc\",\"address\":\"127.0.0.1:40001\","
                + "\"routeTo\":\"historian.example:502\"}],\"connections\":{\"active\":2,\"open\":3},\"policyGeneration\":0}\n");
    }

    @ParameterizedTest
    @CsvSource({"GET, /, 404", "GET, /explain, 404", "GET, /livez/, 404", "GET, /../livez, 404",
            "POST, /livez, 405", "DELETE, /status, 405", "HEAD, /metrics, 405", "PUT, /nothing, 404"})
    void anythingElseIsNotFoundOrNotAllowed(String method, String uri, int status) {
        assertThat(routes.respond(method, uri).status()).isEqualTo(status);
    }
}
