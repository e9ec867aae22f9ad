package io.palisade.adapters.http;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

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
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
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

    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final ServiceContext services;
    private final String path;
    private final Runnable done;
    private final Consumer<FileBody> streaming;
    private final AtomicBoolean answered = new AtomicBoolean();

    /**
     * @param done      runs on the event loop once the answer is written (or could not be)
     * @param streaming told of a file body as it starts, to {@link FileBody#resume resume} it when the
     *                  channel becomes writable again and {@link FileBody#abort abort} it if it closes
     */
    HttpExchange(ChannelHandlerContext ctx, FullHttpRequest request, ServiceContext services, String path, Runnable done,
                 Consumer<FileBody> streaming) {
        this.ctx = requireNonNull(ctx, "ctx");
        this.request = requireNonNull(request, "request");
        this.services = requireNonNull(services, "services");
        this.path = requireNonNull(path, "path");
        this.done = requireNonNull(done, "done");
        this.streaming = requireNonNull(streaming, "streaming");
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
     * disk chunk by chunk as the device takes them (never the whole file in memory; see
     * {@link FileBody}). The file is closed once sent, or at once for {@code HEAD}.
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
            if (response instanceof FullHttpResponse) {
                ctx.writeAndFlush(response).addListener((ChannelFuture f) -> sent(keepAlive, f.cause()));
            } else if (file == null || HttpMethod.HEAD.equals(request.method()) || length == 0) {
                closeQuietly(file);
                ctx.write(response);
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener((ChannelFuture f) -> sent(keepAlive, f.cause()));
            } else {
                // The head goes out in a TLS record of its own: the body's chunks then start on a record
                // boundary, and the TLS handler encrypts them in place instead of first copying each
                // record that would straddle the head and a chunk (or two chunks) into a new buffer.
                ctx.writeAndFlush(response);
                FileBody body = new FileBody(ctx, file, offset, length, FileBody.CHUNK, cause -> sent(keepAlive, cause));
                streaming.accept(body);
                body.resume();
            }
        } finally {
            request.release();
        }
    }

    /** The answer is written ({@code cause == null}) or could not be: close if it must, then let the next request in. */
    private void sent(boolean keepAlive, Throwable cause) {
        if (cause != null) {
            log.debug("{}: answer to {} {} not sent whole: {}", ctx.channel(), request.method(), path, cause.toString());
        }
        if (!keepAlive || cause != null) {
            ctx.close();
        }
        done.run();
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
