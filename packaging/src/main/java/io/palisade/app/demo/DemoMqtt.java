package io.palisade.app.demo;

import static io.palisade.app.demo.DemoSteps.expect;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import io.palisade.core.identity.DeviceId;

/**
 * The demo's MQTT steps, with the HiveMQ client: a device (MQTT 5, mutual TLS, client id = its
 * device id) connected through the gateway's {@code mqtt} listener, and a cloud application
 * connected straight to the cloud broker (the embedded one, on loopback).
 */
final class DemoMqtt implements AutoCloseable {

    private final DeviceId id;
    private final Mqtt5BlockingClient device;
    private final Mqtt3BlockingClient app;

    private DemoMqtt(DeviceId id, Mqtt5BlockingClient device, Mqtt3BlockingClient app) {
        this.id = id;
        this.device = device;
        this.app = app;
    }

    /** Connects the cloud app to {@code broker} and {@code device} to the gateway at {@code gateway}. */
    static DemoMqtt connect(DeviceId id, DemoDevice device, InetSocketAddress gateway, X509Certificate gatewayRoot,
                            InetSocketAddress broker) throws Exception {
        MqttClientSslConfig tls = MqttClientSslConfig.builder().keyManagerFactory(device.keyManagers())
                .trustManagerFactory(DemoDevice.trustManagers(gatewayRoot)).build();
        Mqtt3BlockingClient app = MqttClient.builder().useMqttVersion3().identifier("demo-cloud-app")
                .serverHost(broker.getHostString()).serverPort(broker.getPort()).buildBlocking();
        app.connect();
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(id.value())
                .serverHost(gateway.getHostString()).serverPort(gateway.getPort()).sslConfig(tls).buildBlocking();
        try {
            client.connect();
        } catch (RuntimeException e) {
            app.disconnect();
            throw e;
        }
        return new DemoMqtt(id, client, app);
    }

    /** The device publishes telemetry; the cloud app, subscribed at the broker, receives it. Returns the topic. */
    String telemetryUp(String payload) throws Exception {
        String topic = "devices/" + id.value() + "/telemetry";
        try (Mqtt3BlockingClient.Mqtt3Publishes up = app.publishes(MqttGlobalPublishFilter.ALL)) {
            app.subscribeWith().topicFilter("devices/+/telemetry").qos(MqttQos.AT_LEAST_ONCE).send();
            device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt3Publish> got = up.receive(5, TimeUnit.SECONDS);
            expect(got.isPresent(), "the cloud app received nothing within 5 s");
            String text = new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8);
            expect(got.get().getTopic().toString().equals(topic) && text.equals(payload),
                    "the cloud app received '" + text + "' on " + got.get().getTopic());
        }
        return topic;
    }

    /** The device publishes on another device's topic; returns the PUBACK reason code the gateway answered. */
    String publishDenied(DeviceId other) throws Exception {
        try {
            device.publishWith().topic("devices/" + other.value() + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {1}).send();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode().name();
        }
        throw new DemoSteps.Unexpected("the gateway accepted a publish on another device's topic");
    }

    /** The device subscribes to its commands; the cloud app publishes one; returns the topic it arrived on. */
    String commandDown(String command) throws Exception {
        String filter = "devices/" + id.value() + "/commands/#";
        device.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        try (Mqtt5BlockingClient.Mqtt5Publishes down = device.publishes(MqttGlobalPublishFilter.ALL)) {
            app.publishWith().topic("devices/" + id.value() + "/commands/setpoint").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(command.getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt5Publish> got = down.receive(5, TimeUnit.SECONDS);
            expect(got.isPresent(), "the device received no command within 5 s");
            String text = new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8);
            expect(text.equals(command), "the device received '" + text + "'");
            return got.get().getTopic().toString();
        }
    }

    @Override
    public void close() {
        try {
            device.disconnect();
        } catch (RuntimeException e) {
            // already gone: nothing to release
        }
        try {
            app.disconnect();
        } catch (RuntimeException e) {
            // already gone
        }
    }
}
