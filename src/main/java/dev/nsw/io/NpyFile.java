package dev.nsw.io;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes 2-D float32 arrays in NumPy's {@code .npy} format (the recipe's
 * {@code corpus_embedding.npy}).
 *
 * <p>Layout (NumPy format spec, version 1.0): the magic {@code \x93NUMPY}, version bytes {@code 1 0}, a
 * little-endian uint16 header length, then an ASCII Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (300000, 256), }} padded with spaces and ended
 * by {@code \n} so that the data starts at a multiple of 64 bytes, then the {@code n * d} little-endian
 * float32 values in C (row-major) order. Reading also accepts versions 2.0 and 3.0 (uint32 header length).
 * Only {@code '<f4'} (or {@code '=f4'}/{@code 'f4'}), C order and 2-D shapes are supported; anything else
 * fails with an {@link FileFormatException} naming the file.
 */
public final class NpyFile {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final ValueLayout.OfFloat LE_FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private NpyFile() {}

    /**
     * A row-major float matrix: element {@code (i, j)} is {@code data[i * cols + j]}.
     *
     * @param rows number of rows {@code n}
     * @param cols number of columns {@code d}
     * @param data {@code n * d} values
     */
    public record Matrix(int rows, int cols, float[] data) {
        public Matrix {
            if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
                throw new IllegalArgumentException(
                        "shape " + rows + " x " + cols + " does not match " + data.length + " values");
            }
        }

        /** Row {@code i} as a new array. */
        public float[] row(int i) {
            return Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
        }

        /** All rows as {@code float[rows][cols]}. */
        public float[][] toRows() {
            float[][] out = new float[rows][];
            for (int i = 0; i < rows; i++) {
                out[i] = row(i);
            }
            return out;
        }
    }

    /**
     * What the header says.
     *
     * @param descr        dtype string, e.g. {@code "<f4"}
     * @param fortranOrder whether the data is column-major
     * @param shape        dimensions
     * @param dataOffset   byte offset of the first value
     */
    public record Header(String descr, boolean fortranOrder, long[] shape, long dataOffset) {}

    /** Reads a 2-D float32 array as rows. */
    public static float[][] read(Path file) throws IOException {
        return readMatrix(file).toRows();
    }

    /**
     * Reads embeddings [n, d] for cosine search: every row must be finite and not all zeros (it is
     * normalised later), else one line names the file and the row (0-based, as numpy counts).
     */
    public static float[][] readVectors(Path file) throws IOException {
        float[][] rows = read(file);
        for (int r = 0; r < rows.length; r++) {
            boolean nonZero = false;
            for (float x : rows[r]) {
                if (!Float.isFinite(x)) {
                    throw new FileFormatException(
                            file, "row " + r + " holds " + x + ": embeddings must be finite numbers");
                }
                nonZero |= x != 0f;
            }
            if (!nonZero) {
                throw new FileFormatException(
                        file, "row " + r + " is all zeros: it has no direction to compare by cosine");
            }
        }
        return rows;
    }

    /** Reads a 2-D float32 array into one row-major array. */
    public static Matrix readMatrix(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                Arena arena = Arena.ofConfined()) {
            Header h = checkedFloatMatrix(file, ch);
            long rows = h.shape()[0];
            long cols = h.shape()[1];
            long count = rows * cols;
            if (count > Integer.MAX_VALUE - 16) {
                throw new FileFormatException(file, "array of " + rows + " x " + cols + " is too large to load");
            }
            float[] data = new float[(int) count];
            if (count > 0) {
                MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), 4 * count, arena);
                MemorySegment.copy(seg, LE_FLOAT, 0, data, 0, (int) count);
            }
            return new Matrix((int) rows, (int) cols, data);
        }
    }

    /**
     * A float32 {@code [rows, cols]} {@code .npy} mapped read-only into memory instead of read onto the heap:
     * element {@code (i, j)} is the little-endian float at byte {@code 4 * (i * cols + j)} of {@code data}.
     * The pages belong to the OS's file cache, so a matrix larger than the heap can be searched; the mapping
     * lives as long as the arena it was mapped in.
     */
    public record Mapped(Path file, int rows, int cols, MemorySegment data) {
        /** Row {@code i} as a new array. */
        public float[] row(int i) {
            float[] out = new float[cols];
            copyRow(i, out);
            return out;
        }

        /** Copies row {@code i} into {@code dst} (length {@code cols}). */
        public void copyRow(int i, float[] dst) {
            java.util.Objects.checkIndex(i, rows);
            MemorySegment.copy(data, LE_FLOAT, 4L * i * cols, dst, 0, cols);
        }
    }

    /**
     * Maps a 2-D float32 {@code .npy} read-only (checked like {@link #readMatrix}); nothing is copied onto the
     * heap. Rows must fit an int (the indexes number vectors with ints), values need not.
     */
    public static Mapped map(Path file, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = checkedFloatMatrix(file, ch);
            long rows = h.shape()[0];
            long cols = h.shape()[1];
            if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE / 4) {
                throw new FileFormatException(
                        file, "array of " + rows + " x " + cols + " has too many rows or columns");
            }
            MemorySegment seg = rows * cols == 0
                    ? MemorySegment.NULL
                    : ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), 4 * rows * cols, arena);
            return new Mapped(file, (int) rows, (int) cols, seg);
        }
    }

    /**
     * Reads rows of a 2-D float32 {@code .npy} one at a time with positional reads: neither the heap nor the
     * process's mapped memory holds the matrix, so a build that keeps its own copy of every row (HNSW) needs
     * the matrix's memory once, not twice. Safe for concurrent {@link #row} calls.
     */
    public static final class RowReader implements AutoCloseable {
        private final Path file;
        private final FileChannel ch;
        private final long offset;
        private final int rows;
        private final int cols;

        private RowReader(Path file, FileChannel ch, long offset, int rows, int cols) {
            this.file = file;
            this.ch = ch;
            this.offset = offset;
            this.rows = rows;
            this.cols = cols;
        }

        /** Opens {@code file}, checked like {@link #readMatrix}. */
        public static RowReader open(Path file) throws IOException {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            try {
                Header h = checkedFloatMatrix(file, ch);
                if (h.shape()[0] > Integer.MAX_VALUE || h.shape()[1] > Integer.MAX_VALUE / 4) {
                    throw new FileFormatException(
                            file, "array of " + h.shape()[0] + " x " + h.shape()[1] + " has too many rows or columns");
                }
                return new RowReader(file, ch, h.dataOffset(), (int) h.shape()[0], (int) h.shape()[1]);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        public int rows() {
            return rows;
        }

        public int cols() {
            return cols;
        }

        /** Row {@code i} as a new array. */
        public float[] row(int i) throws IOException {
            java.util.Objects.checkIndex(i, rows);
            ByteBuffer buf = ByteBuffer.allocate(4 * cols).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, buf, offset + 4L * i * cols);
            if (buf.hasRemaining()) {
                throw new FileFormatException(file, "truncated at row " + i);
            }
            buf.flip();
            float[] out = new float[cols];
            buf.asFloatBuffer().get(out);
            return out;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** The header of a little-endian float32, C-order, 2-D array whose data the file holds in full. */
    private static Header checkedFloatMatrix(Path file, FileChannel ch) throws IOException {
        long fileSize = ch.size();
        Header h = readHeader(file, ch);
        if (!(h.descr().equals("<f4") || h.descr().equals("=f4") || h.descr().equals("f4"))) {
            throw new FileFormatException(
                    file,
                    "unsupported dtype '" + h.descr()
                            + "' (only little-endian float32 '<f4' is supported; use arr.astype('<f4'))");
        }
        if (h.fortranOrder()) {
            throw new FileFormatException(
                    file, "Fortran-ordered arrays are not supported (save np.ascontiguousarray(arr))");
        }
        if (h.shape().length != 2) {
            throw new FileFormatException(
                    file, "expected a 2-D array [n, d], found shape " + Arrays.toString(h.shape()));
        }
        long rows = h.shape()[0];
        long cols = h.shape()[1];
        long need;
        try {
            need = Math.addExact(h.dataOffset(), Math.multiplyExact(4L, Math.multiplyExact(rows, cols)));
        } catch (ArithmeticException e) {
            throw new FileFormatException(file, "array of " + rows + " x " + cols + " overflows a file size");
        }
        if (fileSize < need) {
            throw new FileFormatException(
                    file,
                    "truncated: shape " + rows + " x " + cols + " needs " + need + " bytes, file has " + fileSize);
        }
        return h;
    }

    /** Reads only the header of {@code file}. */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, ch);
        }
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private static Header readHeader(Path file, FileChannel ch) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, pre, 0);
        pre.flip();
        byte[] magic = new byte[6];
        if (pre.remaining() >= 10) {
            pre.get(magic);
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new FileFormatException(file, "not a NumPy .npy file (bad magic)");
        }
        int major = pre.get() & 0xff;
        pre.get(); // minor
        long headerLen;
        long start;
        if (major == 1) {
            headerLen = pre.getShort() & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (pre.remaining() < 4) {
                throw new FileFormatException(file, "truncated .npy header");
            }
            headerLen = pre.getInt() & 0xffffffffL;
            start = 12;
        } else {
            throw new FileFormatException(file, "unsupported .npy format version " + major);
        }
        if (headerLen > 1 << 20) {
            throw new FileFormatException(file, "implausible .npy header length " + headerLen);
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, start);
        if (hb.position() < headerLen) {
            throw new FileFormatException(file, "truncated .npy header");
        }
        String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new FileFormatException(file, "malformed .npy header: " + header.strip());
        }
        String[] parts = s.group(1).split(",");
        long[] shape = Arrays.stream(parts)
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .mapToLong(p -> {
                    String num = p.endsWith("L") ? p.substring(0, p.length() - 1) : p;
                    try {
                        return Long.parseLong(num);
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                })
                .toArray();
        long elements = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new FileFormatException(file, "malformed shape in .npy header: (" + s.group(1) + ")");
            }
            try {
                elements = Math.multiplyExact(elements, dim);
            } catch (ArithmeticException e) {
                throw new FileFormatException(
                        file,
                        "shape (" + s.group(1).strip() + ") in .npy header overflows: more elements than fit in"
                                + " a long (corrupt or crafted file)");
            }
        }
        return new Header(d.group(1), f.group(1).equals("True"), shape, start + headerLen);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + buf.position());
            if (r < 0) {
                break;
            }
        }
    }

    /** Writes {@code rows} (all of one length) as a {@code '<f4'} {@code [n, d]} array, atomically. */
    public static void write(Path file, float[][] rows) throws IOException {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        for (int i = 0; i < n; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + d);
            }
        }
        AtomicFiles.writeHashed(file, out -> {
            out.write(header(n, d));
            ByteBuffer buf = ByteBuffer.allocate(Math.max(4, 4 * d)).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] row : rows) {
                buf.clear();
                buf.asFloatBuffer().put(row);
                out.write(buf.array(), 0, 4 * d);
            }
        });
    }

    /** Writes a row-major {@code rows x cols} matrix atomically. */
    public static void write(Path file, Matrix m) throws IOException {
        AtomicFiles.writeHashed(file, out -> write(out, m.rows(), m.cols(), m.data()));
    }

    /** Writes a row-major {@code rows x cols} matrix to a stream (header and data). */
    public static void write(OutputStream out, int rows, int cols, float[] data) throws IOException {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "shape " + rows + " x " + cols + " does not match " + data.length + " values");
        }
        out.write(header(rows, cols));
        int chunk = 1 << 14;
        ByteBuffer buf = ByteBuffer.allocate(4 * chunk).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < data.length; off += chunk) {
            int len = Math.min(chunk, data.length - off);
            buf.clear();
            buf.asFloatBuffer().put(data, off, len);
            out.write(buf.array(), 0, 4 * len);
        }
    }

    /** Writes a mapped matrix to a stream (header and data), without copying it onto the heap at once. */
    public static void write(OutputStream out, Mapped m) throws IOException {
        out.write(header(m.rows(), m.cols()));
        long bytes = 4L * m.rows() * m.cols();
        byte[] buf = new byte[1 << 16];
        for (long off = 0; off < bytes; off += buf.length) {
            int len = (int) Math.min(buf.length, bytes - off);
            MemorySegment.copy(m.data(), ValueLayout.JAVA_BYTE, off, buf, 0, len);
            out.write(buf, 0, len);
        }
    }

    /** The version 1.0 preamble + header for a {@code '<f4'} C-order {@code [rows, cols]} array, 64-byte aligned. */
    public static byte[] header(long rows, long cols) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        byte[] out = new byte[total];
        System.arraycopy(MAGIC, 0, out, 0, 6);
        out[6] = 1;
        out[7] = 0;
        int len = header.length();
        out[8] = (byte) (len & 0xff);
        out[9] = (byte) (len >>> 8);
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, out, 10, h.length);
        return out;
    }
}
