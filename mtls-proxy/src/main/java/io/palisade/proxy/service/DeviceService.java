package io.palisade.proxy.service;

import java.util.List;

import io.netty.channel.ChannelPipeline;

/**
 * A protocol the gateway serves to verified devices on a {@link ServiceListener} (CONNECT egress,
 * MQTT, ...), instead of relaying their bytes to a fixed upstream.
 *
 * <p>The data plane owns everything up to the device's identity: TLS with a required client
 * certificate, the identity check, the deny list, the per-device connection limit of the policy.
 * Only then does it pick the service, by the protocol the device agreed in ALPN (one of
 * {@link #alpnProtocols()}) or, when the device offered none, the listener's default service,
 * and calls {@link #install} once on the connection's event loop. The service adds its handlers
 * at the end of the pipeline; from then on the bytes the device sends (plain, TLS already
 * stripped) reach them. The device is in {@link io.palisade.proxy.DeviceAttributes#IDENTITY} and
 * in {@link ServiceContext#identity()}; a service never takes who the device is from what the
 * device says.
 *
 * <p>Device channels allow half-closure: when the device ends its output (a TLS close_notify or
 * a TCP FIN) the channel stays open and the service sees an {@code SslCloseCompletionEvent} or a
 * {@code ChannelInputShutdownEvent}; it decides when to close (at once, or after its answers are
 * written). The idle timeout and the gateway's shutdown close the channel regardless.
 *
 * <p>A service is shared by every connection of its listeners, so it holds only configuration;
 * per-connection state lives in the handlers it installs. Each decision it asks of
 * {@link ServiceContext#policy()} is reported with {@link ServiceContext#decided}; a connection
 * it turns away is reported once with {@link ServiceContext#refuse} and then closed.
 *
 * <pre>{@code
 * final class EchoService implements DeviceService {
 *     public String name() { return "echo"; }
 *     public List<String> alpnProtocols() { return List.of("echo"); }
 *     public void install(ChannelPipeline pipeline, ServiceContext ctx) {
 *         pipeline.addLast("echo", new ChannelInboundHandlerAdapter() {
 *             public void channelRead(ChannelHandlerContext c, Object msg) {
 *                 c.writeAndFlush(msg);                      // ByteBuf from the device, echoed
 *             }
 *             public void userEventTriggered(ChannelHandlerContext c, Object evt) {
 *                 if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
 *                     c.close();                             // the device is done
 *                 }
 *             }
 *         });
 *     }
 * }
 *
 * MtlsProxy.builder()
 *         ...
 *         .policy(policyStore)
 *         .listener(new ServiceListener("edge", new InetSocketAddress(8443), List.of(new EchoService())))
 *         .build().start();
 * }</pre>
 */
public interface DeviceService {

    /** The service's name, as in configuration, events and logs (e.g. {@code connect}, {@code mqtt}). */
    String name();

    /**
     * The ALPN protocol ids this service answers ({@code mqtt}, {@code http/1.1}), most preferred
     * first; they are offered in the TLS handshake of every listener. May be empty for a service
     * that is only ever a listener's default.
     */
    List<String> alpnProtocols();

    /**
     * Adds this service's handlers at the end of {@code pipeline}, for one device connection
     * whose identity is verified and admitted. Called on the connection's event loop; must not
     * block. Throwing counts as a refusal of the connection.
     */
    void install(ChannelPipeline pipeline, ServiceContext context);
}
