package dev.nsw.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy files with shapes that overflow, or rows that cannot be embeddings, get one line naming file and row. */
class HostileNpyTest {
    @TempDir
    Path dir;

    private Path npy(String shape, byte[] data) throws Exception {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }";
        int total = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        return Files.write(dir.resolve("x.npy"), out.toByteArray());
    }

    @Test
    void aShapeWhoseProductOverflowsIsRefused() throws Exception {
        Path file = npy("4611686018427387904, 8", new byte[64]); // 2^62 × 8 = 2^65 elements: wraps to 0 in a long
        assertThatThrownBy(() -> NpyFile.read(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("overflow");
    }

    @Test
    void nanAndZeroRowsAreNamedForEmbeddings() throws Exception {
        float[][] rows = {{1f, 0f}, {Float.NaN, 1f}};
        Path file = dir.resolve("nan.npy");
        NpyFile.write(file, rows);
        assertThatThrownBy(() -> NpyFile.readVectors(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("row 1 holds NaN");
        NpyFile.write(file, new float[][] {{1f, 0f}, {0.5f, 0.5f}, {0f, 0f}});
        assertThatThrownBy(() -> NpyFile.readVectors(file)).hasMessageContaining("row 2 is all zeros");
    }
}
