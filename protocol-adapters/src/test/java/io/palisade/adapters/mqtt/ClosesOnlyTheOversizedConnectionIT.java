package io.palisade.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.palisade.adapters.mqtt.cloud.CloudBroker;
import io.palisade.adapters.mqtt.embedded.EmbeddedBroker;
import io.palisade.adapters.mqtt.fixtures.DeviceClients;
import io.palisade.adapters.mqtt.fixtures.MqttGateway;
import io.palisade.adapters.mqtt.fixtures.MqttPipe;
import io.palisade.core.policy.model.Limits;
import io.palisade.testing.pki.HeldCert;

/**
 * A device that announces a 100 MiB PUBLISH (over the 256 KiB bound) and keeps sending is
 * disconnected within a second, without the gateway buffering what it sends; another device on
 * the same gateway carries on.
 */
class ClosesOnlyTheOversizedConnectionIT {

    private final EmbeddedBroker broker = EmbeddedBroker.start();
    private final MqttGateway gw = new MqttGateway(broker.asCloud(), null, Limits.NONE);

    @AfterEach
    void stop() {
        gw.close();
        broker.close();
    }

    @Test
    void oversizedPacketClosesThatConnectionOnly() throws Exception {
        HeldCert good = gw.pki.device().build();
        Mqtt3BlockingClient neighbour = DeviceClients.device3(gw, good, good.deviceId());
        neighbour.connect();
        HeldCert bad = gw.pki.device().build();
        CloudBroker.Tls tls = CloudBroker.Tls.of(bad.privateKey(), bad.chain(), java.util.List.of(gw.serverRoot));

        long heapBefore = usedHeap();
        try (SSLSocket socket = socket(tls.keyManagers(), tls.trustManagers())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(connect(bad.deviceId()));
            out.flush();
            assertThat(in.read()).isEqualTo(0x20); // CONNACK
            in.readNBytes(3);

            long start = System.nanoTime();
            out.write(new byte[] {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x32}); // PUBLISH, 100 MiB announced
            byte[] chunk = new byte[64 * 1024];
            socket.setSoTimeout(1000);
            boolean closed = false;
            try {
                for (int i = 0; i < 160 && !closed; i++) { // up to 10 MiB
                    out.write(chunk);
                    out.flush();
                    closed = System.nanoTime() - start > TimeUnit.SECONDS.toNanos(2);
                }
                closed = in.read() == -1;
            } catch (java.io.IOException e) {
                closed = true;
            }
            assertThat(closed).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(usedHeap() - heapBefore).as("heap growth").isLessThan(64L * 1024 * 1024);
        assertThat(gw.stage.stats().get(MqttStats.Counter.MALFORMED_PACKETS)).isEqualTo(1);

        try (Mqtt3BlockingClient.Mqtt3Publishes down = neighbour.publishes(MqttGlobalPublishFilter.ALL)) {
            neighbour.subscribeWith().topicFilter("devices/" + good.deviceId() + "/commands/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt3BlockingClient app = DeviceClients.cloudApp("127.0.0.1", broker.address().getPort(), "app");
            app.connect();
            app.publishWith().topic("devices/" + good.deviceId() + "/commands/ping").payload("still here".getBytes(StandardCharsets.UTF_8))
                    .qos(MqttQos.AT_LEAST_ONCE).send();
            assertThat(down.receive(5, TimeUnit.SECONDS)).isPresent();
            app.disconnect();
        }
        neighbour.disconnect();
    }

    private SSLSocket socket(KeyManagerFactory kmf, TrustManagerFactory tmf) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", gw.port());
        s.startHandshake();
        return s;
    }

    private static byte[] connect(String clientId) {
        EmbeddedChannel codec = new EmbeddedChannel(MqttEncoder.INSTANCE);
        codec.writeOutbound(MqttPipe.connect(MqttVersion.MQTT_3_1_1, clientId, 30).build());
        ByteBuf b = codec.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(b);
        b.release();
        codec.finishAndReleaseAll();
        return bytes;
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
