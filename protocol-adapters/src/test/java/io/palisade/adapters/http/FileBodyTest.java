package io.palisade.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * A file streamed as an answer's body: every byte of the part asked for, in order, whatever the
 * chunk size; never more than one chunk beyond the high-water mark held while the device does not
 * read; the file closed however the body ends (sent, connection gone, file shorter than promised).
 */
class FileBodyTest {

    private static final int SIZE = 1_000_003;

    @TempDir
    Path dir;

    /** An EmbeddedChannel whose socket takes nothing while {@code stalled}: a device that does not read. */
    private static final class Device extends EmbeddedChannel {
        boolean stalled;

        @Override
        protected void doWrite(ChannelOutboundBuffer in) throws Exception {
            if (!stalled) {
                super.doWrite(in);
            }
        }
    }

    /** Resumes the body when the channel drains, as the dispatcher does. */
    private static final class Pump extends ChannelInboundHandlerAdapter {
        FileBody body;
        int depth;
        int maxDepth;

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            maxDepth = Math.max(maxDepth, ++depth);
            try {
                if (body != null && ctx.channel().isWritable()) {
                    body.resume();
                }
            } finally {
                depth--;
            }
        }
    }

    private final Device device = new Device();
    private final Pump pump = new Pump();
    private final AtomicReference<Throwable> ended = new AtomicReference<>();
    private int endedCalls;

    private byte[] image() {
        byte[] bytes = new byte[SIZE];
        new Random(3).nextBytes(bytes);
        return bytes;
    }

    private FileChannel open(byte[] bytes) throws Exception {
        Path file = Files.write(dir.resolve("image"), bytes);
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private FileBody body(FileChannel file, long offset, long length, int chunk) {
        device.pipeline().addLast("pump", pump);
        pump.body = new FileBody(device.pipeline().context("pump"), file, offset, length, chunk, cause -> {
            endedCalls++;
            ended.set(cause);
        });
        return pump.body;
    }

    /** Every content written so far, in order; true if the last content was among them. */
    private boolean drain(ByteBufOutputStream into) throws Exception {
        device.runPendingTasks();
        boolean last = false;
        for (Object o; (o = device.readOutbound()) != null; ) {
            HttpContent c = (HttpContent) o;
            try {
                assertThat(last).as("content after the last").isFalse();
                c.content().readBytes(into, c.content().readableBytes());
                last = c instanceof LastHttpContent;
            } finally {
                c.release();
            }
            device.runPendingTasks();
        }
        return last;
    }

    @ParameterizedTest(name = "offset {0}, length {1}, chunk {2}")
    @CsvSource({
        "0, 1000003, 131072",   // whole, last chunk short
        "0, 1000003, 16384",
        "0, 1000003, 1000",     // chunk not a multiple of anything
        "131072, 131072, 131072", // exactly one chunk from a chunk boundary
        "999999, 4, 131072",    // the last bytes
        "12345, 654321, 65536", // a range inside
        "0, 0, 131072",         // nothing: only the last content
    })
    void sendsExactlyThePartAskedFor(long offset, long length, int chunk) throws Exception {
        byte[] bytes = image();
        FileChannel file = open(bytes);
        body(file, offset, length, chunk).resume();

        ByteBuf received = Unpooled.buffer();
        try (ByteBufOutputStream out = new ByteBufOutputStream(received)) {
            assertThat(drain(out)).as("last content written").isTrue();
            byte[] got = new byte[received.readableBytes()];
            received.readBytes(got);
            assertThat(got).isEqualTo(Arrays.copyOfRange(bytes, (int) offset, (int) (offset + length)));
        } finally {
            received.release();
        }
        assertThat(endedCalls).as("ended told").isEqualTo(1);
        assertThat(ended.get()).isNull();
        assertThat(file.isOpen()).isFalse();
        assertThat(pump.body.finished()).isTrue();
        device.finishAndReleaseAll();
    }

    @Test
    void aDeviceThatDoesNotReadHoldsAtMostOneChunkBeyondTheHighWaterMark() throws Exception {
        byte[] bytes = image();
        int chunk = 16 * 1024;
        device.config().setWriteBufferWaterMark(new WriteBufferWaterMark(16 * 1024, 64 * 1024));
        device.stalled = true;
        FileChannel file = open(bytes);
        FileBody body = body(file, 0, SIZE, chunk);
        body.resume();
        device.runPendingTasks();

        long held = device.unsafe().outboundBuffer().totalPendingWriteBytes();
        assertThat(held).isPositive().isLessThanOrEqualTo(64 * 1024 + chunk);
        assertThat(device.isWritable()).isFalse();
        assertThat(body.finished()).isFalse();
        assertThat(file.isOpen()).isTrue();
        body.resume(); // a spurious resume while still unwritable reads nothing more
        assertThat(device.unsafe().outboundBuffer().totalPendingWriteBytes()).isEqualTo(held);

        device.stalled = false; // the device reads again: the rest follows, whole
        device.flush();
        ByteBuf received = Unpooled.buffer();
        try (ByteBufOutputStream out = new ByteBufOutputStream(received)) {
            assertThat(drain(out)).isTrue();
            byte[] got = new byte[received.readableBytes()];
            received.readBytes(got);
            assertThat(got).isEqualTo(bytes);
        } finally {
            received.release();
        }
        assertThat(ended.get()).isNull();
        assertThat(file.isOpen()).isFalse();
        device.finishAndReleaseAll();
    }

    @Test
    void aDeviceThatReadsAsFastAsWrittenDoesNotNestResumesOneChunkDeep() throws Exception {
        // every chunk crosses the high-water mark and every flush drains the channel at once, which
        // fires channelWritabilityChanged inside the flush: resume must not recurse per chunk
        device.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 1024));
        byte[] bytes = image();
        FileChannel file = open(bytes);
        body(file, 0, SIZE, 1024).resume();

        ByteBuf received = Unpooled.buffer();
        try (ByteBufOutputStream out = new ByteBufOutputStream(received)) {
            assertThat(drain(out)).isTrue();
            assertThat(received.readableBytes()).isEqualTo(SIZE);
        } finally {
            received.release();
        }
        assertThat(pump.maxDepth).as("nested writability events").isLessThanOrEqualTo(1);
        assertThat(ended.get()).isNull();
        device.finishAndReleaseAll();
    }

    @Test
    void aConnectionClosedMidBodyClosesTheFileAndReadsNoMore() throws Exception {
        device.stalled = true;
        FileChannel file = open(image());
        FileBody body = body(file, 0, SIZE, 16 * 1024);
        body.resume();
        device.close();
        body.abort(); // the dispatcher does this on channelInactive; twice must be harmless
        body.resume();

        assertThat(endedCalls).as("ended told").isEqualTo(1);
        assertThat(ended.get()).isInstanceOf(ClosedChannelException.class);
        assertThat(file.isOpen()).isFalse();
        assertThat(body.finished()).isTrue();
        device.finishAndReleaseAll();
    }

    @Test
    void aFileShorterThanPromisedFailsTheBodyAndClosesTheFile() throws Exception {
        FileChannel file = open(image());
        body(file, SIZE - 10, 20, 131072).resume();

        assertThat(endedCalls).as("ended told").isEqualTo(1);
        assertThat(ended.get()).isInstanceOf(EOFException.class).hasMessageContaining("file ended at " + SIZE);
        assertThat(file.isOpen()).isFalse();
        assertThat(device.<Object>readOutbound()).as("nothing of a short chunk is sent").isNull();
        device.finishAndReleaseAll();
    }
}
