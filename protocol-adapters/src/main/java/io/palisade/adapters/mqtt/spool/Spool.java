package io.palisade.adapters.mqtt.spool;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import io.palisade.adapters.mqtt.cloud.CloudMessage;

/**
 * One device's bounded on-disk queue of QoS 1/2 messages accepted while the cloud broker was
 * unreachable, drained in order when it returns.
 *
 * <p>File format: an 8-byte header holding the offset of the first undelivered record (the head,
 * rewritten in place as records are delivered), then records appended at the end, each
 * {@code int length, int crc32, byte qos, byte retain, short topicLength, topic (UTF-8), payload},
 * where length and CRC cover everything after the CRC. Opening scans from the head and cuts off a
 * torn or corrupt tail, so a crash loses at most what was never synced (and so never acknowledged).
 * The file never grows beyond {@code maxBytes}: when a record does not fit, the delivered part is
 * compacted away (copy and atomic rename); if it still does not fit, {@link #append} says no.
 * Synchronized: a device's old and new connection may share it briefly.
 */
public final class Spool implements Closeable {

    /** A record read from the spool, and the offset just after it (what {@link #commit} takes). */
    public record Entry(CloudMessage message, long end) {}

    private static final int HEADER = 8;
    private static final int RECORD_OVERHEAD = 4 + 4 + 1 + 1 + 2;

    private final Path file;
    private final long maxBytes;
    private FileChannel channel;
    private long head;
    private long tail;
    private int count;

    private Spool(Path file, long maxBytes) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        recover();
    }

    /** Opens (or creates) the spool in {@code file}, holding at most {@code maxBytes} on disk. */
    public static Spool open(Path file, long maxBytes) throws IOException {
        requireNonNull(file, "file");
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 1024)");
        }
        return new Spool(file, maxBytes);
    }

    private void recover() throws IOException {
        if (channel.size() < HEADER) {
            channel.truncate(0);
            writeHead(HEADER);
            head = HEADER;
            tail = HEADER;
            return;
        }
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        channel.read(h, 0);
        head = h.flip().getLong();
        long size = channel.size();
        if (head < HEADER || head > size) {
            head = HEADER;
        }
        long pos = head;
        count = 0;
        while (true) {
            Entry e = readAt(pos, size);
            if (e == null) {
                break;
            }
            pos = e.end();
            count++;
        }
        tail = pos;
        channel.truncate(tail);
    }

    /**
     * Appends {@code message}; false when it does not fit in {@code maxBytes} even after compaction.
     * Not durable until {@link #sync()}.
     */
    public synchronized boolean append(CloudMessage message) throws IOException {
        byte[] topic = message.topic().getBytes(StandardCharsets.UTF_8);
        int length = RECORD_OVERHEAD - 8 + topic.length + message.payload().length;
        long needed = 8L + length;
        if (tail + needed > maxBytes) {
            compact();
            if (tail + needed > maxBytes) {
                return false;
            }
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        body.put((byte) message.qos()).put((byte) (message.retain() ? 1 : 0)).putShort((short) topic.length)
                .put(topic).put(message.payload()).flip();
        CRC32 crc = new CRC32();
        crc.update(body.duplicate());
        ByteBuffer record = ByteBuffer.allocate((int) needed);
        record.putInt(length).putInt((int) crc.getValue()).put(body).flip();
        while (record.hasRemaining()) {
            tail += channel.write(record, tail);
        }
        count++;
        return true;
    }

    /** Makes everything appended so far durable. */
    public synchronized void sync() throws IOException {
        channel.force(false);
    }

    /** Up to {@code max} records from the head, oldest first, without removing them. */
    public synchronized List<Entry> peek(int max) throws IOException {
        List<Entry> out = new ArrayList<>();
        long pos = head;
        while (out.size() < max && pos < tail) {
            Entry e = readAt(pos, tail);
            if (e == null) {
                throw new IOException(file + ": corrupt record at " + pos);
            }
            out.add(e);
            pos = e.end();
        }
        return out;
    }

    /** Marks every record before {@code end} (an {@link Entry#end()}) delivered. */
    public synchronized void commit(long end) throws IOException {
        if (end <= head || end > tail) {
            throw new IllegalArgumentException("end: " + end + " (expected: " + head + " < end <= " + tail + ")");
        }
        long pos = head;
        while (pos < end) {
            pos = readAt(pos, tail).end();
            count--;
        }
        if (end == tail) {
            channel.truncate(HEADER);
            head = HEADER;
            tail = HEADER;
            count = 0;
        } else {
            head = end;
        }
        writeHead(head);
    }

    /** Whether nothing waits for delivery. */
    public synchronized boolean isEmpty() {
        return count == 0;
    }

    /** How many records wait for delivery. */
    public synchronized int size() {
        return count;
    }

    /** Bytes on disk, header and delivered-but-not-compacted records included. */
    public synchronized long bytesOnDisk() {
        return tail;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private void compact() throws IOException {
        if (head == HEADER) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.allocate(HEADER).putLong(0, HEADER));
            long pos = head;
            while (pos < tail) {
                pos += channel.transferTo(pos, tail - pos, out);
            }
            out.force(false);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        tail = HEADER + (tail - head);
        head = HEADER;
    }

    private void writeHead(long value) throws IOException {
        channel.write(ByteBuffer.allocate(HEADER).putLong(0, value), 0);
    }

    private Entry readAt(long pos, long limit) throws IOException {
        if (pos + 8 > limit) {
            return null;
        }
        ByteBuffer prefix = ByteBuffer.allocate(8);
        channel.read(prefix, pos);
        prefix.flip();
        int length = prefix.getInt();
        int crcValue = prefix.getInt();
        if (length < RECORD_OVERHEAD - 8 || pos + 8 + length > limit) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        while (body.hasRemaining()) {
            if (channel.read(body, pos + 8 + body.position()) < 0) {
                return null;
            }
        }
        body.flip();
        CRC32 crc = new CRC32();
        crc.update(body.duplicate());
        if ((int) crc.getValue() != crcValue) {
            return null;
        }
        int qos = body.get();
        boolean retain = body.get() == 1;
        int topicLength = body.getShort() & 0xffff;
        if (qos < 0 || qos > 2 || topicLength > body.remaining()) {
            return null;
        }
        byte[] topic = new byte[topicLength];
        body.get(topic);
        byte[] payload = new byte[body.remaining()];
        body.get(payload);
        return new Entry(new CloudMessage(new String(topic, StandardCharsets.UTF_8), payload, qos, retain), pos + 8 + length);
    }
}
