package io.palisade.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.identity.Refusal;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Outcome;
import io.palisade.core.policy.Request;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.events.ConnectionClosed;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.HandshakeSucceeded;
import io.palisade.proxy.events.PolicyDecided;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/** What {@code /metrics} shows after the data plane reported handshakes, refusals and closes. */
class ProxyMetricsTest {

    static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40000);
    static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");
    static final HeldCert DEVICE = TestPki.create("acme").device().build();
    static final DeviceId ID = DeviceId.parse(DEVICE.deviceId());

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final ProxyMetrics metrics = new ProxyMetrics(registry);

    @Test
    void aRelayedConnectionCountsItsHandshakeBytesAndClose() {
        metrics.handshakeSucceeded(handshake());
        assertThat(metrics.active()).isEqualTo(1);
        assertThat(scrape()).contains("palisade_connections_active 1.0");

        metrics.closed(new ConnectionClosed("plc", REMOTE, ID, CloseReason.FINISHED, 12, 30, Duration.ofSeconds(1), AT));

        assertThat(metrics.active()).isZero();
        assertThat(scrape()).contains(
                "palisade_handshakes_total{listener=\"plc\",result=\"ok\"} 1.0",
                "palisade_connections_active 0.0",
                "palisade_bytes_relayed_total{direction=\"up\",listener=\"plc\"} 12.0",
                "palisade_bytes_relayed_total{direction=\"down\",listener=\"plc\"} 30.0",
                "palisade_connections_closed_total{listener=\"plc\",reason=\"FINISHED\"} 1.0");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "CERTIFICATE, UNKNOWN_ISSUER, UNKNOWN_ISSUER",
            "CERTIFICATE, REVOKED, REVOKED",
            "NO_CLIENT_CERTIFICATE, , NO_CLIENT_CERTIFICATE",
            "TLS_HANDSHAKE, , TLS_HANDSHAKE",
            "HANDSHAKE_TIMEOUT, , HANDSHAKE_TIMEOUT",
            "CONNECTION_LIMIT, , CONNECTION_LIMIT",
    })
    void aRefusalIsCountedUnderItsMostPreciseReason(RefusalReason stage, Refusal certificate, String result) {
        metrics.refused(new ConnectionRefused("plc", REMOTE, stage, Optional.ofNullable(certificate), "detail",
                Optional.of(ID), AT));
        metrics.refused(new ConnectionRefused("plc", REMOTE, stage, Optional.ofNullable(certificate), "detail",
                Optional.empty(), AT));

        assertThat(scrape()).contains("palisade_handshakes_total{listener=\"plc\",result=\"" + result + "\"} 2.0");
        assertThat(metrics.active()).isZero();
    }

    @Test
    void noLabelNamesADeviceOrAnAddress() {
        metrics.handshakeSucceeded(handshake());
        metrics.refused(new ConnectionRefused("plc", REMOTE, RefusalReason.NOT_ADMITTED, Optional.empty(),
                "default deny", Optional.of(ID), AT));
        metrics.closed(new ConnectionClosed("plc", REMOTE, ID, CloseReason.REFUSED, 0, 0, Duration.ZERO, AT));

        assertThat(scrape()).doesNotContain(ID.value(), "127.0.0.1", "40000");
    }

    @Test
    void policyDecisionsAreCountedByOutcomeAndRuleWithoutTheDevice() {
        Request connect = Request.Connect.tcp("api.acme.example", 443);
        Decision denied = new Decision(Outcome.DENY, Optional.empty(), List.of(), "no rule allows it", 3);
        metrics.decided(new PolicyDecided("egress", REMOTE, ID, "connect", connect, denied, AT));
        metrics.decided(new PolicyDecided("egress", REMOTE, ID, "connect", connect, denied, AT));

        assertThat(scrape()).contains("palisade_decisions_total{outcome=\"DENY\",rule=\"default\",service=\"connect\"} 2.0")
                .doesNotContain(ID.value(), "api.acme.example");
    }

    private String scrape() {
        return registry.scrape();
    }

    private static HandshakeSucceeded handshake() {
        DeviceIdentity identity = new DeviceIdentity(ID, "acme", Optional.empty(), List.of(DEVICE.certificate()),
                AT, AT.plus(Duration.ofDays(7)), Optional.empty());
        return new HandshakeSucceeded("plc", REMOTE, identity, "TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty(), false, AT);
    }
}
