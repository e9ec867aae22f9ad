package io.palisade.adapters.http;

import static java.util.Objects.requireNonNull;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Streams {@code length} bytes of an open file from {@code offset} as the body of one HTTP answer
 * (after its head), as fast as the device takes them and no faster.
 *
 * <p>Each step reads {@link #CHUNK} bytes with one positional read into a pooled direct buffer
 * (which the TLS engine encrypts in place into 16 KiB records, so nothing is copied in Java) and
 * writes it without a flush while the channel is writable; it flushes only when the channel stops
 * being writable or the body ends. When the device reads slowly the channel stays unwritable and
 * the body waits for {@link #resume} (the dispatcher calls it on {@code channelWritabilityChanged}):
 * at most one chunk beyond the channel's write-buffer high-water mark is ever held for a
 * connection, whatever the file's size. The same holds on an HTTP/2 stream, whose writability
 * follows the device's flow-control window.
 *
 * <p>Runs on the channel's event loop only. The file is closed when the body ends, fails, or is
 * {@link #abort aborted} (the connection or stream closed first); {@code ended} then learns how it
 * went, once.
 */
final class FileBody implements ChannelFutureListener {

    /** Bytes read from disk and written per step: a multiple of the 16 KiB TLS record. */
    static final int CHUNK = 128 * 1024;
    private static final Logger log = LoggerFactory.getLogger(FileBody.class);

    private final ChannelHandlerContext ctx;
    private final FileChannel file;
    private final long end;
    private final int chunk;
    private final Consumer<Throwable> ended;
    private long position;
    private boolean finished;
    private boolean resuming;

    /**
     * @param ended told {@code null} once the last byte is written, or the cause when the body
     *              could not be sent whole
     */
    FileBody(ChannelHandlerContext ctx, FileChannel file, long offset, long length, int chunk, Consumer<Throwable> ended) {
        this.ctx = requireNonNull(ctx, "ctx");
        this.file = requireNonNull(file, "file");
        this.ended = requireNonNull(ended, "ended");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset, length: " + offset + ", " + length + " (expected: >= 0)");
        }
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk: " + chunk + " (expected: > 0)");
        }
        this.position = offset;
        this.end = offset + length;
        this.chunk = chunk;
    }

    /**
     * Writes what the channel takes now; ends the body after its last byte. Call again when
     * writable. A call made while one is running (a flush that drains the channel fires
     * {@code channelWritabilityChanged} at once) returns at once: the running call sees the channel
     * writable again and goes on, so the stack does not grow with the file.
     */
    void resume() {
        if (finished || resuming) {
            return;
        }
        resuming = true;
        try {
            while (!finished && position < end) {
                if (!ctx.channel().isActive()) {
                    finish(new ClosedChannelException());
                    return;
                }
                if (!ctx.channel().isWritable()) {
                    ctx.flush();
                    if (!ctx.channel().isWritable()) {
                        return;
                    }
                    continue;
                }
                ctx.write(new DefaultHttpContent(read())).addListener(this);
            }
            if (!finished) {
                finished = true;
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener((ChannelFuture f) -> end(f.cause()));
            }
        } catch (IOException e) {
            log.warn("{}: file not readable at {}: {}", ctx.channel(), position, e.toString());
            finish(e);
        } finally {
            resuming = false;
        }
    }

    /** Stops sending (the connection or stream is gone) and closes the file. */
    void abort() {
        finish(new ClosedChannelException());
    }

    /** Whether the body has ended, failed or been aborted. */
    boolean finished() {
        return finished;
    }

    /** A failed chunk write ends the body (later writes would fail too). */
    @Override
    public void operationComplete(ChannelFuture write) {
        if (!write.isSuccess()) {
            finish(write.cause());
        }
    }

    private ByteBuf read() throws IOException {
        int n = (int) Math.min(chunk, end - position);
        ByteBuf buf = ctx.alloc().directBuffer(n, n);
        try {
            while (buf.isWritable()) {
                if (buf.writeBytes(file, position + buf.writerIndex(), buf.writableBytes()) < 0) {
                    throw new EOFException("file ended at " + (position + buf.writerIndex()) + " (expected: " + end + " bytes)");
                }
            }
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
        position += n;
        return buf;
    }

    private void finish(Throwable cause) {
        if (finished) {
            return;
        }
        finished = true;
        end(cause);
    }

    private void end(Throwable cause) {
        try {
            file.close();
        } catch (IOException e) {
            cause = cause != null ? cause : e;
        }
        ended.accept(cause);
    }
}
