package io.palisade.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;

import io.palisade.adapters.mqtt.fixtures.DeviceClients;
import io.palisade.adapters.mqtt.fixtures.Devices;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.pki.CertificateAuthority;
import io.palisade.core.pki.KeyPairs;
import io.palisade.core.policy.PolicyStore;
import io.palisade.core.policy.model.Limits;
import io.palisade.proxy.MtlsProxy;
import io.palisade.proxy.service.ServiceListener;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/** With no cloud.mqtt.uri, the gateway relays to an embedded broker on loopback, spooling under the state directory. */
class RunsOnTheEmbeddedDefaultIT {

    @TempDir
    Path state;

    @Test
    void deviceTelemetryReachesTheEmbeddedBroker() throws Exception {
        TestPki pki = TestPki.create("acme");
        PolicyStore policy = Devices.policyStore(Limits.NONE);
        CertificateAuthority ca = CertificateAuthority.create("gateway", Clock.systemUTC());
        KeyPair keys = KeyPairs.p256();
        X509Certificate leaf = ca.issueServer(keys.getPublic(), List.of("localhost"), List.of(InetAddress.getLoopbackAddress()));
        try (MqttGatewayService mqtt = MqttGatewayService.start(Optional.empty(), Optional.empty(), policy, state,
                MqttSettings.DEFAULTS, MqttEvents.NONE);
             MtlsProxy proxy = MtlsProxy.builder().serverIdentity(keys.getPrivate(), List.of(leaf, ca.deviceCa().certificate()))
                     .verifier(DeviceIdentityVerifier.builder().tenant(TenantTrust.of("acme", Set.of(pki.root().certificate()))).build())
                     .policy(policy)
                     .listener(new ServiceListener("mqtt", new InetSocketAddress("127.0.0.1", 0), List.of(mqtt.service())))
                     .build().start()) {
            assertThat(mqtt.embedded()).isPresent();
            assertThat(mqtt.cloud().host()).isEqualTo("127.0.0.1");
            assertThat(Files.isDirectory(state.resolve("mqtt-spool"))).isTrue();
            Mqtt3BlockingClient app = DeviceClients.cloudApp("127.0.0.1", mqtt.cloud().port(), "app");
            app.connect();
            try (Mqtt3BlockingClient.Mqtt3Publishes up = app.publishes(MqttGlobalPublishFilter.ALL)) {
                app.subscribeWith().topicFilter("devices/#").qos(MqttQos.AT_LEAST_ONCE).send();
                HeldCert cert = pki.device().build();
                Mqtt5BlockingClient device = MqttClient.builder().useMqttVersion5().identifier(cert.deviceId())
                        .serverHost("127.0.0.1").serverPort(proxy.address("mqtt").getPort())
                        .sslConfig(DeviceClients.tls(cert, ca.root())).buildBlocking();
                device.connect();
                device.publishWith().topic("devices/" + cert.deviceId() + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("hello".getBytes(StandardCharsets.UTF_8)).send();

                assertThat(up.receive(5, TimeUnit.SECONDS)).hasValueSatisfying(p ->
                        assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hello"));
                device.disconnect();
            }
            app.disconnect();
        }
    }
}
