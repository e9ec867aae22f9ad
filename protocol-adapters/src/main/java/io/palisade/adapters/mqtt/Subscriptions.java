package io.palisade.adapters.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.palisade.adapters.mqtt.cloud.CloudLink;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request;

/**
 * A device's subscriptions: each SUBSCRIBE filter is judged by policy and, when allowed, made at
 * the cloud broker, which decides the QoS granted; the SUBACK carries one code per filter, in
 * order. The live ones are judged again under every new policy generation (revoked ones are
 * unsubscribed at the cloud) and made again when the cloud session was lost.
 */
final class Subscriptions {

    private final SessionContext session;
    private final CloudLink link;
    /** Filter → QoS granted, for the subscriptions in force at the cloud. */
    private final Map<String, Integer> live = new LinkedHashMap<>();

    Subscriptions(SessionContext session, CloudLink link) {
        this.session = session;
        this.link = link;
    }

    void subscribe(MqttSubscribeMessage message) {
        int packetId = message.variableHeader().messageId();
        List<CompletableFuture<Integer>> codes = new ArrayList<>();
        for (MqttTopicSubscription s : message.payload().topicSubscriptions()) {
            String filter = s.topicFilter();
            int qos = s.qualityOfService().value();
            if (filter.isEmpty() || filter.length() > session.settings().maxTopicLength()) {
                codes.add(CompletableFuture.completedFuture(Packets.subscribeDenied(session.version)));
                continue;
            }
            Request request = new Request.MqttSubscribe(filter, qos);
            Decision decision = session.decide(request);
            session.audit.decided(request, decision);
            if (!decision.allowed()) {
                session.count(MqttStats.Counter.SUBSCRIPTIONS_DENIED);
                session.stage.events().denied(session.identity.id(), request, decision);
                codes.add(CompletableFuture.completedFuture(Packets.subscribeDenied(session.version)));
                continue;
            }
            codes.add(link.subscribe(filter, qos).toCompletableFuture()
                    .exceptionally(e -> Packets.SUBACK_FAILURE)
                    .thenApply(granted -> {
                        if (granted < 0x80) {
                            live.put(filter, granted);
                        }
                        return granted;
                    }));
        }
        CompletableFuture.allOf(codes.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            List<Integer> result = codes.stream().map(CompletableFuture::join).toList();
            session.ctx.writeAndFlush(Packets.subAck(packetId, result));
        });
    }

    void unsubscribe(MqttUnsubscribeMessage message) {
        List<String> filters = message.payload().topics();
        for (String filter : filters) {
            if (live.remove(filter) != null) {
                link.unsubscribe(filter);
            }
        }
        session.ctx.writeAndFlush(Packets.unsubAck(session.version, message.variableHeader().messageId(), filters.size()));
    }

    /** Judges every live subscription again under the policy now in force; revoked ones are unsubscribed at the cloud. */
    void rejudge() {
        for (var it = live.entrySet().iterator(); it.hasNext();) {
            var entry = it.next();
            Request request = new Request.MqttSubscribe(entry.getKey(), entry.getValue());
            Decision decision = session.decide(request);
            if (!decision.allowed()) {
                session.audit.decided(request, decision);
                it.remove();
                link.unsubscribe(entry.getKey());
                session.count(MqttStats.Counter.SUBSCRIPTIONS_REVOKED);
                session.stage.events().revoked(session.identity.id(), entry.getKey(), decision);
            }
        }
    }

    /** The cloud session was opened again without the broker's memory of it: every live subscription is made again. */
    void resubscribe() {
        live.forEach(link::subscribe);
    }
}
