package dev.nsw.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * A float32 {@code .npy} [rows, cols] written a few rows at a time, so that a long job holds one chunk in
 * memory instead of the whole matrix, and can resume after a crash or a cancel.
 *
 * <p>Files beside the target {@code X.npy}: {@code .X.npy.partial} (the {@code .npy} header with the final
 * row count, then the rows written so far) and {@code .X.npy.progress} (three lines: the binding — what the
 * rows are of, e.g. model id and corpus fingerprint —, {@code rows cols}, and the number of rows known to be
 * on disk). A checkpoint fsyncs the data before it rewrites the progress file (atomically), so the progress
 * never counts a row that a crash could lose; rows past it are cut off on resume. {@link #publish} moves the
 * complete file over the target in one rename: a reader never sees a half-written {@code X.npy}.
 */
public final class PartialNpy implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final Path progress;
    private final String binding;
    private final long rows;
    private final int cols;
    private final FileChannel ch;
    private long done;

    private PartialNpy(Path target, String binding, long rows, int cols, FileChannel ch, long done) {
        this.target = target;
        this.partial = partialFile(target);
        this.progress = progressFile(target);
        this.binding = binding;
        this.rows = rows;
        this.cols = cols;
        this.ch = ch;
        this.done = done;
    }

    /** The partial data file of {@code target}. */
    public static Path partialFile(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".partial");
    }

    /** The progress sidecar of {@code target}. */
    public static Path progressFile(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".progress");
    }

    /**
     * Continues the partial file of {@code target} when its progress file names the same binding and shape,
     * else starts a new one (replacing a partial file of other work: nsw made it).
     *
     * @param binding one line or more saying what the rows are of; a resume requires it to be equal
     */
    public static PartialNpy openOrResume(Path target, String binding, long rows, int cols) throws IOException {
        if (rows < 0 || cols < 1) {
            throw new IllegalArgumentException("shape " + rows + " x " + cols);
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] header = NpyFile.header(rows, cols);
        Optional<Long> resumable = resumableRows(target, binding, rows, cols);
        Path partial = partialFile(target);
        if (resumable.isPresent() && Files.size(partial) >= header.length + resumable.get() * cols * 4L) {
            FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE, StandardOpenOption.READ);
            long keep = header.length + resumable.get() * cols * 4L;
            ch.truncate(keep); // rows written after the last checkpoint may be torn
            ch.position(keep);
            return new PartialNpy(target, binding, rows, cols, ch, resumable.get());
        }
        FileChannel ch = FileChannel.open(
                partial,
                StandardOpenOption.WRITE,
                StandardOpenOption.READ,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            writeFully(ch, ByteBuffer.wrap(header));
            PartialNpy p = new PartialNpy(target, binding, rows, cols, ch, 0);
            p.checkpoint();
            return p;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** How many rows a resume of {@code target} with this binding and shape would keep; empty when none. */
    public static Optional<Long> resumableRows(Path target, String binding, long rows, int cols) throws IOException {
        Path progress = progressFile(target);
        if (!Files.isRegularFile(progress) || !Files.isRegularFile(partialFile(target))) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(progress, StandardCharsets.UTF_8);
        List<String> want = binding.lines().toList();
        if (lines.size() != want.size() + 2
                || !lines.subList(0, want.size()).equals(want)
                || !lines.get(want.size()).equals(rows + " " + cols)) {
            return Optional.empty();
        }
        try {
            long done = Long.parseLong(lines.get(want.size() + 1).strip());
            return done >= 0 && done <= rows ? Optional.of(done) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Rows on disk (after a resume: those kept from before). */
    public long done() {
        return done;
    }

    /** Total rows the file will hold. */
    public long rows() {
        return rows;
    }

    /** Appends {@code block} (each row {@code cols} long) after the rows written so far. */
    public void append(float[][] block) throws IOException {
        if (done + block.length > rows) {
            throw new IllegalStateException("appending " + block.length + " rows after " + done + " of " + rows);
        }
        ByteBuffer buf = ByteBuffer.allocate(4 * cols * Math.max(1, Math.min(block.length, 256)))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : block) {
            if (row.length != cols) {
                throw new IllegalArgumentException(
                        "row of " + row.length + " values, the file has " + cols + " columns");
            }
            if (buf.remaining() < 4 * cols) {
                buf.flip();
                writeFully(ch, buf);
                buf.clear();
            }
            buf.asFloatBuffer().put(row);
            buf.position(buf.position() + 4 * cols);
        }
        buf.flip();
        writeFully(ch, buf);
        done += block.length;
    }

    /** Makes the rows appended so far survive a crash: fsync, then record their count. */
    public void checkpoint() throws IOException {
        ch.force(false);
        String text = binding.strip() + "\n" + rows + " " + cols + "\n" + done + "\n";
        AtomicFiles.writeHashed(progress, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Moves the complete file over the target (atomically) and removes the progress file. */
    public void publish() throws IOException {
        if (done != rows) {
            throw new IllegalStateException("only " + done + " of " + rows + " rows written to " + partial);
        }
        ch.force(true);
        ch.close();
        AtomicFiles.move(partial, target);
        Files.deleteIfExists(progress);
    }

    /** Closes the file; an unpublished partial file and its progress stay for a resume. */
    @Override
    public void close() throws IOException {
        if (ch.isOpen()) {
            ch.close();
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
