package dev.nsw.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTrip() throws Exception {
        float[][] m = {{1.5f, -2f, 3f}, {Float.MIN_VALUE, Float.MAX_VALUE, -0f}};
        Path f = dir.resolve("corpus_embedding.npy");
        NpyFile.write(f, m);
        assertThat(NpyFile.read(f)).isDeepEqualTo(m);
        NpyFile.Header h = NpyFile.readHeader(f);
        assertThat(h.descr()).isEqualTo("<f4");
        assertThat(h.shape()).containsExactly(2, 3);
        assertThat(h.dataOffset() % 64).isZero();
        assertThat(Files.size(f)).isEqualTo(h.dataOffset() + 2 * 3 * 4);
    }

    @Test
    void headerFollowsTheSpec() {
        byte[] h = NpyFile.header(300000, 256);
        assertThat(h.length % 64).isZero();
        assertThat(h[0] & 0xff).isEqualTo(0x93);
        assertThat(new String(h, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        assertThat(h[6]).isEqualTo((byte) 1);
        assertThat(h[7]).isEqualTo((byte) 0);
        int len = (h[8] & 0xff) | (h[9] & 0xff) << 8;
        assertThat(10 + len).isEqualTo(h.length);
        String dict = new String(h, 10, len, StandardCharsets.US_ASCII);
        assertThat(dict)
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (300000, 256), }")
                .endsWith(" \n");
    }

    /** Bytes as an older NumPy writes them: header padded to 16 bytes, keys in another order. */
    @Test
    void readsHandCraftedNumpyFile() throws Exception {
        String dict = "{'shape': (2, 2), 'fortran_order': False, 'descr': '<f4', }";
        int pad = 16 - (10 + dict.length() + 1) % 16;
        String header = dict + " ".repeat(pad % 16) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >>> 8);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1f).putFloat(2f).putFloat(3f).putFloat(4f);
        out.write(data.array());
        Path f = dir.resolve("np.npy");
        Files.write(f, out.toByteArray());

        assertThat(NpyFile.read(f)).isDeepEqualTo(new float[][] {{1, 2}, {3, 4}});
    }

    @Test
    void clearErrorsNamingTheFile() throws Exception {
        Path f64 = dir.resolve("f64.npy");
        Files.write(f64, craft("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", 8));
        assertThatThrownBy(() -> NpyFile.read(f64))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("f64.npy")
                .hasMessageContaining("unsupported dtype '<f8'");

        Path oneD = dir.resolve("vec.npy");
        Files.write(oneD, craft("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 12));
        assertThatThrownBy(() -> NpyFile.read(oneD))
                .hasMessageContaining("vec.npy")
                .hasMessageContaining("expected a 2-D array [n, d], found shape [3]");

        Path fortran = dir.resolve("f.npy");
        Files.write(fortran, craft("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", 4));
        assertThatThrownBy(() -> NpyFile.read(fortran)).hasMessageContaining("Fortran");

        Path truncated = dir.resolve("t.npy");
        Files.write(truncated, craft("{'descr': '<f4', 'fortran_order': False, 'shape': (10, 10), }", 8));
        assertThatThrownBy(() -> NpyFile.read(truncated))
                .hasMessageContaining("t.npy")
                .hasMessageContaining("truncated");

        Path text = dir.resolve("text.npy");
        Files.writeString(text, "hello");
        assertThatThrownBy(() -> NpyFile.read(text))
                .hasMessageContaining("text.npy")
                .hasMessageContaining("not a NumPy");
    }

    private static byte[] craft(String dict, int dataBytes) {
        String header = dict + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    @Test
    void mappedAndRowByRowReadsSeeTheSameRowsAsAFullRead(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        float[][] rows = {{1.5f, -2f, 3.25f}, {0f, Float.MIN_VALUE, -0f}, {7f, 8f, 9f}};
        Path f = tmp.resolve("m.npy");
        NpyFile.write(f, rows);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined();
                NpyFile.RowReader reader = NpyFile.RowReader.open(f)) {
            NpyFile.Mapped m = NpyFile.map(f, arena);
            assertThat(m.rows()).isEqualTo(3);
            assertThat(m.cols()).isEqualTo(3);
            assertThat(reader.rows()).isEqualTo(3);
            for (int i = 0; i < rows.length; i++) {
                assertThat(m.row(i)).isEqualTo(rows[i]);
                assertThat(reader.row(i)).isEqualTo(rows[i]);
            }
            assertThatThrownBy(() -> reader.row(3)).isInstanceOf(IndexOutOfBoundsException.class);
            java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
            NpyFile.write(copy, m);
            assertThat(copy.toByteArray()).isEqualTo(java.nio.file.Files.readAllBytes(f));
        }
        // the same checks as a full read: a truncated file is refused before any row is read
        Path cut = tmp.resolve("cut.npy");
        byte[] all = java.nio.file.Files.readAllBytes(f);
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(all, all.length - 4));
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            assertThatThrownBy(() -> NpyFile.map(cut, arena))
                    .hasMessageContaining("cut.npy")
                    .hasMessageContaining("truncated");
        }
        assertThatThrownBy(() -> NpyFile.RowReader.open(cut)).hasMessageContaining("truncated");
    }
}
