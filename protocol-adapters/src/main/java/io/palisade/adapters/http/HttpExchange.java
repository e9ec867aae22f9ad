package io.palisade.adapters.http;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedNioFile;
import io.palisade.proxy.service.ServiceContext;

/**
 * One request of a device and the single answer it gets. The request is complete (its body, at
 * most {@link HttpRelayService#MAX_BODY} bytes, is read); the answer is a small body
 * ({@link #respond}, {@link #text}) or a part of a file streamed from disk ({@link #file}), with
 * {@code HEAD} answered by the same headers and no body. Answering from another thread is safe:
 * the answer is written on the connection's event loop. Only the first answer counts.
 */
public final class HttpExchange {

    private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);
    /** Bytes read from disk per chunk of a streamed file. */
    static final int FILE_CHUNK = 64 * 1024;

    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final ServiceContext services;
    private final String path;
    private final Runnable done;
    private final AtomicBoolean answered = new AtomicBoolean();

    HttpExchange(ChannelHandlerContext ctx, FullHttpRequest request, ServiceContext services, String path, Runnable done) {
        this.ctx = requireNonNull(ctx, "ctx");
        this.request = requireNonNull(request, "request");
        this.services = requireNonNull(services, "services");
        this.path = requireNonNull(path, "path");
        this.done = requireNonNull(done, "done");
    }

    /** The request; its body is released once the exchange is answered. */
    public FullHttpRequest request() {
        return request;
    }

    public HttpMethod method() {
        return request.method();
    }

    /** The request path without query, as sent. */
    public String path() {
        return path;
    }

    /** The device, the policy and the audit trail of this connection. */
    public ServiceContext services() {
        return services;
    }

    /** Whether the answer has been given. */
    public boolean answered() {
        return answered.get();
    }

    /** Answers {@code status} with {@code body} of {@code contentType} and any {@code headers} (name, value pairs). */
    public void respond(HttpResponseStatus status, String contentType, byte[] body, String... headers) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                HttpMethod.HEAD.equals(request.method()) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        addHeaders(response.headers(), headers);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        send(response, null, 0, 0);
    }

    /** Answers {@code status} with a one-line plain-text {@code reason} (for the device's developer, never a secret). */
    public void text(HttpResponseStatus status, String reason, String... headers) {
        respond(status, "text/plain; charset=utf-8", (reason + "\n").getBytes(StandardCharsets.UTF_8), headers);
    }

    /**
     * Answers {@code status} with {@code length} bytes of {@code file} from {@code offset}, read from
     * disk chunk by chunk as the device takes them (never the whole file in memory). The file is
     * closed once sent, or at once for {@code HEAD}.
     */
    public void file(HttpResponseStatus status, String contentType, java.nio.channels.FileChannel file, long offset,
                     long length, String... headers) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        addHeaders(response.headers(), headers);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        send(response, file, offset, length);
    }

    private static void addHeaders(HttpHeaders target, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers: " + headers.length + " strings (expected: name, value pairs)");
        }
        for (int i = 0; i < headers.length; i += 2) {
            target.add(headers[i], headers[i + 1]);
        }
    }

    private void send(HttpResponse response, java.nio.channels.FileChannel file, long offset, long length) {
        if (!answered.compareAndSet(false, true)) {
            log.error("{}: {} {} answered twice; second answer {} dropped", ctx.channel(), request.method(), path, response.status());
            release(response);
            closeQuietly(file);
            return;
        }
        if (ctx.executor().inEventLoop()) {
            write(response, file, offset, length);
        } else {
            ctx.executor().execute(() -> write(response, file, offset, length));
        }
    }

    private void write(HttpResponse response, java.nio.channels.FileChannel file, long offset, long length) {
        try {
            boolean keepAlive = HttpRelayService.keepAlive(request);
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, "close");
            }
            if (!ctx.channel().isActive()) {
                release(response);
                closeQuietly(file);
                return;
            }
            ChannelFuture last;
            if (response instanceof FullHttpResponse) {
                last = ctx.writeAndFlush(response);
            } else if (file == null || HttpMethod.HEAD.equals(request.method()) || length == 0) {
                closeQuietly(file);
                ctx.write(response);
                last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            } else {
                ctx.write(response);
                last = ctx.writeAndFlush(new HttpChunkedInput(new ChunkedNioFile(file, offset, length, FILE_CHUNK)));
            }
            last.addListener(f -> {
                if (!f.isSuccess()) {
                    log.debug("{}: answer to {} {} not sent: {}", ctx.channel(), request.method(), path, f.cause().toString());
                }
                if (!keepAlive || !f.isSuccess()) {
                    ctx.close();
                }
                done.run();
            });
        } catch (java.io.IOException e) {
            log.warn("{}: {} {}: file not readable: {}", ctx.channel(), request.method(), path, e.toString());
            closeQuietly(file);
            ctx.close();
        } finally {
            request.release();
        }
    }

    private static void release(HttpResponse response) {
        if (response instanceof FullHttpResponse full) {
            full.release();
        }
    }

    private static void closeQuietly(java.nio.channels.FileChannel file) {
        if (file != null) {
            try {
                file.close();
            } catch (java.io.IOException e) {
                log.debug("closing an answered file: {}", e.toString());
            }
        }
    }

    /** For tests and logs. */
    @Override
    public String toString() {
        return request.method() + " " + path;
    }

    /** The request body (a copy). */
    public byte[] body() {
        return ByteBufUtil.getBytes(request.content());
    }
}
