package io.palisade.bench.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.palisade.adapters.mqtt.MqttStage;
import io.palisade.adapters.mqtt.spool.SpoolDirectory;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.pki.CertificateAuthority;
import io.palisade.core.pki.KeyPairs;
import io.palisade.core.policy.PolicyStore;
import io.palisade.core.policy.model.MqttClause;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;

/**
 * One device PUBLISH through the gateway's MQTT handlers, as the bytes arrive from the device's
 * TLS layer: decoding, bounds, the policy decision, the device's limits, the relay to the cloud
 * (an {@link InMemoryCloud} that has it at once, behind the spooling publisher as on a running
 * gateway) and, for QoS 1, the PUBACK encoded back to the device. One {@link EmbeddedChannel}, so
 * no TLS and no system calls: this is the gateway's own cost per message, and with {@code -prof gc}
 * its allocation per message.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MqttPublishPathBenchmark {

    /** Payload bytes of each PUBLISH. */
    @Param({"64"})
    public int payload;

    private EmbeddedChannel channel;
    private InMemoryCloud cloud;
    private Path spools;
    private byte[] qos0;
    private byte[] qos1;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        KeyPair keys = KeyPairs.p256();
        CertificateAuthority ca = CertificateAuthority.create("bench", Clock.systemUTC());
        DeviceId id = DeviceId.of(keys.getPublic());
        // the identity the TLS layer would have established; the MQTT stage does not look at the chain again
        DeviceIdentity identity = new DeviceIdentity(id, "bench", Optional.of("sensor"), List.of(ca.root()),
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400), Optional.empty());
        PolicyStore policy = PolicyStore.create(Clock.systemUTC());
        policy.swap(PolicySet.of(Policy.of("bench", Selector.EVERY_DEVICE, List.of(
                Rule.allow("telemetry").mqtt(MqttClause.publish("devices/${device.id}/telemetry")).build()))));
        cloud = new InMemoryCloud();
        spools = Files.createTempDirectory("mqtt-bench-spool");
        MqttStage stage = MqttStage.builder().policy(policy).cloud(cloud).spools(new SpoolDirectory(spools, 1 << 20)).build();
        channel = new EmbeddedChannel();
        stage.install(channel.pipeline(), identity);

        String topic = "devices/" + id.value() + "/telemetry";
        byte[] body = "x".repeat(payload).getBytes(StandardCharsets.US_ASCII);
        qos0 = encode(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_MOST_ONCE)
                .payload(Unpooled.wrappedBuffer(body)).build());
        qos1 = encode(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).messageId(7)
                .payload(Unpooled.wrappedBuffer(body)).build());
        deliver(encode(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId(id.value())
                .cleanSession(true).keepAlive(0).build()));
        if (drainReplies() != 1) {
            throw new IllegalStateException("setup: no CONNACK");
        }
        if (qos1Publish() != 1 || qos0Publish() != 0 || cloud.published != 2) {
            throw new IllegalStateException("setup: publishes not relayed (" + cloud.published + " at the cloud)");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        channel.finishAndReleaseAll();
        try (var files = Files.walk(spools)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A QoS 1 PUBLISH relayed and acknowledged: returns the number of replies (1, the PUBACK). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int qos1Publish() {
        deliver(qos1);
        return drainReplies();
    }

    /** A QoS 0 PUBLISH relayed (no reply). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int qos0Publish() {
        deliver(qos0);
        return drainReplies();
    }

    /** The bytes as a socket read hands them over: in a buffer of the channel's allocator. */
    private void deliver(byte[] packet) {
        ByteBuf in = channel.alloc().buffer(packet.length);
        channel.writeInbound(in.writeBytes(packet));
        channel.runPendingTasks();
    }

    private int drainReplies() {
        int n = 0;
        for (Object o; (o = channel.readOutbound()) != null;) {
            ReferenceCountUtil.release(o);
            n++;
        }
        return n;
    }

    private static byte[] encode(MqttMessage message) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(message);
        ByteBuf out = encoder.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        encoder.finishAndReleaseAll();
        return bytes;
    }
}
