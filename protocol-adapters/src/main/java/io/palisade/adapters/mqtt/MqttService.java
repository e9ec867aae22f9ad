package io.palisade.adapters.mqtt;

import static java.util.Objects.requireNonNull;

import java.util.List;

import io.netty.channel.ChannelPipeline;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.service.DeviceService;
import io.palisade.proxy.service.ServiceContext;

/**
 * MQTT as a service of the data plane: a device that agreed ALPN {@code mqtt} (or connects to a
 * listener whose default service this is) talks MQTT 3.1.1 or 5 to the {@link MqttStage}, once
 * the proxy has verified and admitted it. Policy decisions other than allowed publishes go to the
 * proxy's audit trail; a refused CONNECT is reported as {@link RefusalReason#NOT_ADMITTED}, an
 * unreachable cloud broker as {@link RefusalReason#UPSTREAM_UNAVAILABLE}.
 *
 * <pre>{@code
 * MqttStage stage = MqttStage.builder().policy(policyStore).cloud(new HiveMqConnector(broker)).spools(spools).build();
 * policyStore.addListener(stage.policyListener());
 * MtlsProxy.builder()...policy(policyStore)
 *         .listener(new ServiceListener("mqtt", new InetSocketAddress("0.0.0.0", 8883), List.of(new MqttService(stage))))
 * }</pre>
 */
public final class MqttService implements DeviceService {

    /** The ALPN protocol id of MQTT over TLS (IANA registry). */
    public static final String ALPN = "mqtt";

    private final MqttStage stage;

    public MqttService(MqttStage stage) {
        this.stage = requireNonNull(stage, "stage");
    }

    public MqttStage stage() {
        return stage;
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public List<String> alpnProtocols() {
        return List.of(ALPN);
    }

    @Override
    public void install(ChannelPipeline pipeline, ServiceContext context) {
        stage.install(pipeline, context.identity(), context.device(), new Audit() {
            @Override
            public void decided(Request request, Decision decision) {
                context.decided(request, decision);
            }

            @Override
            public void refused(boolean cloud, String detail) {
                context.refuse(cloud ? RefusalReason.UPSTREAM_UNAVAILABLE : RefusalReason.NOT_ADMITTED, "mqtt: " + detail);
            }
        });
    }
}
