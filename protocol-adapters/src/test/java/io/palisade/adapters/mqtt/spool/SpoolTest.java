package io.palisade.adapters.mqtt.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.adapters.mqtt.cloud.CloudMessage;

/** The spool keeps messages in order across reopening, cuts a torn tail, and never exceeds its bound. */
class SpoolTest {

    @TempDir
    Path dir;

    @Test
    void messagesComeBackInOrderAfterReopening() throws IOException {
        Path file = dir.resolve("d.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            for (int i = 0; i < 5; i++) {
                assertThat(spool.append(new CloudMessage("t/" + i, ("m" + i).getBytes(), 1 + i % 2, i == 3))).isTrue();
            }
            spool.sync();
        }
        try (Spool spool = Spool.open(file, 1 << 20)) {
            List<Spool.Entry> entries = spool.peek(10);
            assertThat(entries).extracting(e -> e.message().topic()).containsExactly("t/0", "t/1", "t/2", "t/3", "t/4");
            assertThat(entries).extracting(e -> e.message().qos()).containsExactly(1, 2, 1, 2, 1);
            assertThat(entries.get(3).message().retain()).isTrue();
            assertThat(entries.get(4).message().payloadText()).isEqualTo("m4");
            assertThat(spool.size()).isEqualTo(5);
        }
    }

    @Test
    void committedMessagesAreGoneAfterReopening() throws IOException {
        Path file = dir.resolve("d.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            for (int i = 0; i < 4; i++) {
                spool.append(CloudMessage.text("t", "m" + i, 1));
            }
            spool.commit(spool.peek(2).get(1).end());
            assertThat(spool.size()).isEqualTo(2);
        }
        try (Spool spool = Spool.open(file, 1 << 20)) {
            assertThat(spool.peek(10)).extracting(e -> e.message().payloadText()).containsExactly("m2", "m3");
            spool.commit(spool.peek(10).get(1).end());
            assertThat(spool.isEmpty()).isTrue();
            assertThat(spool.bytesOnDisk()).isEqualTo(8);
        }
    }

    @Test
    void tornOrCorruptTailIsCutOffAndTheRestKept() throws IOException {
        Path file = dir.resolve("d.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            spool.append(CloudMessage.text("t", "good", 1));
            spool.append(CloudMessage.text("t", "torn", 1));
        }
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3);
        }
        try (Spool spool = Spool.open(file, 1 << 20)) {
            assertThat(spool.peek(10)).extracting(e -> e.message().payloadText()).containsExactly("good");
            spool.append(CloudMessage.text("t", "after", 1));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x7f}), Files.size(file) - 1);
        }
        try (Spool spool = Spool.open(file, 1 << 20)) {
            assertThat(spool.peek(10)).extracting(e -> e.message().payloadText()).containsExactly("good");
        }
    }

    @Test
    void fullSpoolSaysNoAndCompactsWhatWasDelivered() throws IOException {
        try (Spool spool = Spool.open(dir.resolve("d.spool"), 4096)) {
            byte[] kb = new byte[1000];
            int accepted = 0;
            while (spool.append(new CloudMessage("t", kb, 1, false))) {
                accepted++;
            }
            assertThat(accepted).isEqualTo(4);
            assertThat(spool.bytesOnDisk()).isLessThanOrEqualTo(4096);

            spool.commit(spool.peek(2).get(1).end());
            assertThat(spool.append(new CloudMessage("t", kb, 1, false))).isTrue();
            assertThat(spool.size()).isEqualTo(3);
            assertThat(spool.bytesOnDisk()).isLessThanOrEqualTo(4096);
        }
    }
}
