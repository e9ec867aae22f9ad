package io.palisade.adapters.http;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.palisade.proxy.service.DeviceService;
import io.palisade.proxy.service.ServiceContext;

/**
 * The gateway's HTTP service for devices: the update relay, the certificate relay (EST) and, on
 * a listener that also serves egress, CONNECT — over HTTP/1.1 or HTTP/2 as the device agreed in
 * ALPN ({@code h2}, {@code http/1.1}; no ALPN means HTTP/1.1).
 *
 * <p>CONNECT and the relays both speak {@code http/1.1}, and a listener may have only one service
 * per ALPN id, so a listener that serves {@code [connect, updates, est]} has ONE service: this,
 * built {@linkplain Builder#connect with} the CONNECT service. The first bytes of an HTTP/1.1
 * connection decide: {@code CONNECT } goes to the CONNECT service for the rest of the connection
 * (a tunnel), anything else to the relays. Over HTTP/2 only the relays are served.
 *
 * <pre>
 *  HTTP/1.1:  … identity ─ [bandwidth] ─ [connect-or-http] ─ http-codec ─ http-aggregate ─ http-dispatch
 *  h2:        … identity ─ [bandwidth] ─ h2 ─ h2-streams ─ h2-input-end
 *                each stream: h2-http ─ http-aggregate ─ http-dispatch
 * </pre>
 *
 * {@code bandwidth} is the device's shaper when its policy sets {@code limits.bytesPerSecond}
 * (shared by all its connections); request heads are bounded ({@value #MAX_REQUEST_LINE} bytes of
 * request line, {@value #MAX_HEADERS} of headers) and bodies to {@value #MAX_BODY} bytes (larger:
 * {@code 413}).
 */
public final class HttpRelayService implements DeviceService {

    /** The service's name. */
    public static final String NAME = "http";
    public static final int MAX_REQUEST_LINE = 4096;
    public static final int MAX_HEADERS = 8192;
    /** Largest request body read (an EST request is well under 8 KiB). */
    public static final int MAX_BODY = 64 * 1024;
    /** Most concurrent HTTP/2 streams per connection. */
    public static final int MAX_STREAMS = 100;

    private final List<HttpRoutes> routes;
    private final Optional<DeviceService> connect;
    private final boolean http2;
    private final DeviceBandwidth bandwidth = new DeviceBandwidth();

    private HttpRelayService(Builder b) {
        this.routes = List.copyOf(b.routes);
        this.connect = Optional.ofNullable(b.connect);
        this.http2 = b.http2;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> alpnProtocols() {
        return http2 ? List.of("h2", "http/1.1") : List.of("http/1.1");
    }

    @Override
    public void install(ChannelPipeline pipeline, ServiceContext context) {
        OptionalLong rate = context.policy().limitsFor(context.device()).bytesPerSecond();
        if (rate.isPresent()) {
            pipeline.addLast("bandwidth", bandwidth.shaperFor(context.identity().id(), pipeline.channel(), rate.getAsLong()));
        }
        if (http2 && context.applicationProtocol().filter("h2"::equals).isPresent()) {
            installHttp2(pipeline, context);
        } else if (connect.isPresent()) {
            pipeline.addLast(ConnectSniffer.NAME, new ConnectSniffer(() -> connect.get().install(pipeline, context),
                    () -> installHttp1(pipeline, context)));
        } else {
            installHttp1(pipeline, context);
        }
    }

    private void installHttp1(ChannelPipeline pipeline, ServiceContext context) {
        SslHandler tls = pipeline.get(SslHandler.class);
        if (tls != null) {
            // Encrypt a file chunk in one call: the engine still cuts it into records of at most 16 KiB,
            // but into one buffer, written once, instead of one buffer, promise and write per record.
            tls.setWrapDataSize(FileBody.CHUNK);
        }
        pipeline.addLast("http-codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADERS)));
        addExchangeHandlers(pipeline, context);
    }

    private void addExchangeHandlers(ChannelPipeline pipeline, ServiceContext context) {
        pipeline.addLast("http-aggregate", new HttpObjectAggregator(MAX_BODY));
        pipeline.addLast(RequestDispatcher.NAME, new RequestDispatcher(routes, context));
    }

    private void installHttp2(ChannelPipeline pipeline, ServiceContext context) {
        pipeline.addLast("h2", Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(MAX_STREAMS).maxHeaderListSize(MAX_HEADERS))
                .build());
        pipeline.addLast("h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast("h2-http", new Http2StreamFrameToHttpObjectCodec(true));
                addExchangeHandlers(stream.pipeline(), context);
            }
        }));
        pipeline.addLast("h2-input-end", new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
                    ctx.close();
                    return;
                }
                ctx.fireUserEventTriggered(evt);
            }
        });
    }

    /** Whether the connection stays open after answering {@code request}. */
    static boolean keepAlive(HttpRequest request) {
        return HttpUtil.isKeepAlive(request);
    }

    /** Builds an {@link HttpRelayService}. */
    public static final class Builder {
        private final List<HttpRoutes> routes = new ArrayList<>();
        private DeviceService connect;
        private boolean http2 = true;

        private Builder() {}

        /** Adds a relay (update, EST); requests go to the first whose {@link HttpRoutes#serves} says yes. */
        public Builder routes(HttpRoutes relay) {
            routes.add(requireNonNull(relay, "relay"));
            return this;
        }

        /** Also serves CONNECT egress (HTTP/1.1 connections starting with {@code CONNECT}) with {@code connect}. */
        public Builder connect(DeviceService connect) {
            this.connect = requireNonNull(connect, "connect");
            return this;
        }

        /** Whether {@code h2} is offered in ALPN. Default: true. */
        public Builder http2(boolean enabled) {
            this.http2 = enabled;
            return this;
        }

        public HttpRelayService build() {
            if (routes.isEmpty() && connect == null) {
                throw new IllegalStateException("routes: none (expected: at least one relay, or CONNECT)");
            }
            return new HttpRelayService(this);
        }
    }
}
