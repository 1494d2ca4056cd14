package dev.nsw.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.bench.SyntheticEmbeddings;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted HNSW files whose checksum in {@code index.json} was recomputed, so that only the reader's own
 * guards stand between them and the JVM: on main the first was deserialised (a side effect ran) and the
 * second ended in an OutOfMemoryError.
 */
class HostileIndexFilesTest {
    @TempDir
    Path dir;

    /** A class whose deserialisation has a visible side effect. */
    static final class Tripwire implements Serializable {
        static volatile boolean tripped;

        private void readObject(ObjectInputStream in) {
            tripped = true;
        }
    }

    private Path savedIndex(int n) throws Exception {
        Path folder = dir.resolve("idx");
        HnswVectorIndex.builder("m")
                .optM(8)
                .optEfConstruction(20)
                .build(new SyntheticEmbeddings(16, 4, 1).corpus(n))
                .save(folder);
        return folder;
    }

    /** Replaces the data file with {@code bytes} and forges the checksum, as an attacker with write access would. */
    private static void forge(Path folder, byte[] bytes) throws Exception {
        IndexMetadata meta = IndexFiles.readMetadata(folder);
        Path data = folder.resolve(meta.dataFile());
        Files.write(data, bytes);
        IndexMetadata forged = meta.withFiles(meta.dataFile(), IndexFiles.sha256Hex(data), null, null);
        Files.writeString(folder.resolve("index.json"), IndexFiles.JSON.writeValueAsString(forged));
    }

    @Test
    void aForeignClassIsRefusedBeforeItIsDeserialised() throws Exception {
        Path folder = savedIndex(50);
        for (Serializable payload : new Serializable[] {new java.util.Date(), new Tripwire()}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write("NSWHNSW1".getBytes(StandardCharsets.US_ASCII));
            try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
                oos.writeObject(payload);
            }
            forge(folder, bytes.toByteArray());
            assertThatThrownBy(() -> VectorIndex.open(folder))
                    .isInstanceOf(IndexFormatException.class)
                    .hasMessageContaining("refused to read the HNSW graph")
                    .hasMessageContaining(folder.toString());
        }
        assertThat(Tripwire.tripped).isFalse();
    }

    @Test
    void aHugeItemCountIsRefusedWithoutAllocating() throws Exception {
        int n = 50;
        Path folder = savedIndex(n);
        byte[] bytes = Files.readAllBytes(
                folder.resolve(IndexFiles.readMetadata(folder).dataFile()));
        // hnswlib writes maxItemCount, m, maxM, maxM0 as consecutive ints: find them and claim 2^31-1 items
        byte[] pattern =
                ByteBuffer.allocate(16).putInt(n).putInt(8).putInt(8).putInt(16).array();
        int at = indexOf(bytes, pattern);
        assertThat(at).as("maxItemCount in the stream").isPositive();
        ByteBuffer.wrap(bytes).putInt(at, Integer.MAX_VALUE);
        forge(folder, bytes);
        assertThatThrownBy(() -> VectorIndex.open(folder))
                .isInstanceOf(IndexFormatException.class)
                .hasMessageContaining(String.valueOf(Integer.MAX_VALUE))
                .hasMessageContaining("corrupt or crafted");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
