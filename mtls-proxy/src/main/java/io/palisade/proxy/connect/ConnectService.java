package io.palisade.proxy.connect;

import static java.util.Objects.requireNonNull;

import java.util.List;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.palisade.proxy.service.DeviceService;
import io.palisade.proxy.service.ServiceContext;

/**
 * CONNECT egress: a device asks, over its mutual-TLS connection to the gateway (an "HTTPS proxy"
 * to curl and most HTTP stacks), {@code CONNECT host:port HTTP/1.1}; the policy's {@code to}
 * rules decide on the name and then on the addresses the gateway resolved; an allowed target is
 * tunnelled byte for byte. Answers ALPN {@code http/1.1}.
 *
 * <pre>{@code
 * MtlsProxy.builder()
 *         ...
 *         .policy(policyStore)
 *         .listener(new ServiceListener("egress", new InetSocketAddress(3128), List.of(ConnectService.create())))
 *
 * $ curl --proxy https://gateway:3128 --proxy-cacert ca.pem --proxy-cert device.crt --proxy-key device.key \
 *        https://api.acme.example/
 * }</pre>
 *
 * The request head is bounded: {@value #MAX_REQUEST_LINE} bytes of request line,
 * {@value #MAX_HEADERS} bytes of headers.
 */
public final class ConnectService implements DeviceService {

    /** The service's name. */
    public static final String NAME = "connect";
    /** The name of the HTTP request decoder in the pipeline, until the request is read. */
    public static final String HTTP_DECODER = "http-request";
    /** The longest request line read ({@code CONNECT} + a 253-character name + port + version fits). */
    public static final int MAX_REQUEST_LINE = 1024;
    /** The most bytes of request headers read. */
    public static final int MAX_HEADERS = 8192;

    private final HostResolver resolver;

    private ConnectService(HostResolver resolver) {
        this.resolver = requireNonNull(resolver, "resolver");
    }

    /** CONNECT with names resolved by {@link HostResolver#system()}. */
    public static ConnectService create() {
        return new ConnectService(HostResolver.system());
    }

    /** CONNECT with names resolved by {@code resolver}. */
    public static ConnectService create(HostResolver resolver) {
        return new ConnectService(resolver);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> alpnProtocols() {
        return List.of("http/1.1");
    }

    @Override
    public void install(ChannelPipeline pipeline, ServiceContext context) {
        pipeline.addLast(HTTP_DECODER, new HttpRequestDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADERS)
                .setMaxChunkSize(MAX_HEADERS)));
        pipeline.addLast(ConnectHandler.NAME, new ConnectHandler(context, resolver, TunnelOpener.relay(context), HTTP_DECODER));
    }
}
