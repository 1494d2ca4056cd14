package dev.nsw.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A float32 {@code .npy} [rows, cols] written a few rows at a time, so that a long job holds one chunk in
 * memory instead of the whole matrix, and can resume after a crash or a cancel.
 *
 * <p>Files beside the target {@code X.npy}: {@code .X.npy.partial} (the {@code .npy} header with the final
 * row count, then the rows written so far) and {@code .X.npy.progress} (the binding — what the rows are of,
 * e.g. the embedding's identity and the corpus fingerprint —, {@code rows cols}, and the number of rows known to
 * be on disk). A checkpoint fsyncs the data before it rewrites the progress file (atomically), so the progress
 * never counts a row that a crash could lose; rows past it are cut off on resume. {@link #publish} moves the
 * complete file over the target in one rename: a reader never sees a half-written {@code X.npy}.
 *
 * <p>The target, its partial file and its progress file are one writer's: an OS lock ({@link
 * FolderLock#acquireFile}, {@code .X.npy.nsw-lock}) is held from open to close, and a second writer gets "… is in
 * use by process N" instead of mixing its rows in. A target that is a symbolic link is followed (its target is
 * replaced); a FIFO or character device ({@code --output /dev/null}) gets the header and rows as a stream, with
 * nothing beside it and nothing to resume ({@link SpecialFiles}).
 */
public final class PartialNpy implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final Path progress;
    private final String binding;
    private final long rows;
    private final int cols;
    /** The partial file (a regular target), or null for a stream target. */
    private final FileChannel ch;
    /** Where rows go: {@link #ch}, or the stream of a FIFO or device. */
    private final WritableByteChannel out;

    private final FolderLock lock;
    private final String discardedBinding;
    private long done;

    private PartialNpy(
            Path target,
            String binding,
            long rows,
            int cols,
            FileChannel ch,
            WritableByteChannel out,
            FolderLock lock,
            long done,
            String discardedBinding) {
        this.target = target;
        this.partial = partialFile(target);
        this.progress = progressFile(target);
        this.binding = binding;
        this.rows = rows;
        this.cols = cols;
        this.ch = ch;
        this.out = out;
        this.lock = lock;
        this.done = done;
        this.discardedBinding = discardedBinding;
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
     * else starts a new one (replacing a partial file of other work: nsw made it; {@link #discardedBinding()}
     * says what it was of).
     *
     * @param binding one line or more saying what the rows are of; a resume requires it to be equal
     * @throws RefusedWriteException when another writer holds the target
     */
    public static PartialNpy openOrResume(Path target, String binding, long rows, int cols) throws IOException {
        if (rows < 0 || cols < 1) {
            throw new IllegalArgumentException("shape " + rows + " x " + cols);
        }
        byte[] header = NpyFile.header(rows, cols);
        SpecialFiles.Output output = SpecialFiles.output(target);
        if (output.stream()) {
            WritableByteChannel stream = Channels.newChannel(SpecialFiles.openStream(output.path()));
            try {
                writeFully(stream, ByteBuffer.wrap(header));
            } catch (IOException e) {
                stream.close();
                throw AtomicFiles.failed(target, e);
            }
            return new PartialNpy(target, binding, rows, cols, null, stream, null, 0, null);
        }
        Path file = output.path();
        Files.createDirectories(file.getParent());
        FolderLock lock = FolderLock.acquireFile(file);
        try {
            return openLocked(file, binding, rows, cols, header, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static PartialNpy openLocked(Path file, String binding, long rows, int cols, byte[] header, FolderLock lock)
            throws IOException {
        Optional<Long> resumable = resumableRows(file, binding, rows, cols);
        Path partial = partialFile(file);
        if (resumable.isPresent() && Files.size(partial) >= header.length + resumable.get() * cols * 4L) {
            FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE, StandardOpenOption.READ);
            long keep = header.length + resumable.get() * cols * 4L;
            ch.truncate(keep); // rows written after the last checkpoint may be torn
            ch.position(keep);
            return new PartialNpy(file, binding, rows, cols, ch, ch, lock, resumable.get(), null);
        }
        String discarded = recordedBinding(file).orElse(null);
        FileChannel ch = FileChannel.open(
                partial,
                StandardOpenOption.WRITE,
                StandardOpenOption.READ,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            writeFully(ch, ByteBuffer.wrap(header));
            PartialNpy p = new PartialNpy(file, binding, rows, cols, ch, ch, lock, 0, discarded);
            p.checkpoint();
            return p;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * The binding of an unfinished earlier run that {@link #openOrResume} started over instead of resuming
     * (other work, or work recorded without the settings asked for now); null when there was none or it was resumed.
     */
    public String discardedBinding() {
        return discardedBinding;
    }

    /** The binding lines recorded in {@code target}'s progress file, when there is an unfinished run. */
    static Optional<String> recordedBinding(Path target) throws IOException {
        Path progress = progressFile(target);
        if (!Files.isRegularFile(progress) || !Files.isRegularFile(partialFile(target))) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(progress, StandardCharsets.UTF_8);
        return lines.size() < 3 ? Optional.of("") : Optional.of(String.join("\n", lines.subList(0, lines.size() - 2)));
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

    /**
     * Appends {@code block} (each row {@code cols} long) after the rows written so far.
     *
     * @throws IOException naming the target; on a full disk also the partial file that keeps the rows so far (a
     *     rerun resumes from it) and how to delete it to free the space
     */
    public void append(float[][] block) throws IOException {
        try {
            appendRows(block);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /**
     * One line for a failed write: the target, the reason and, for a partial file, what is kept and how to remove
     * it — or, with no complete row to resume from yet, that the partial file nsw made was removed (a full disk is
     * not kept full by it).
     */
    private IOException failed(IOException e) {
        if (ch == null) {
            return AtomicFiles.failed(target, e);
        }
        if (done == 0) {
            try {
                ch.close();
                Files.deleteIfExists(partial);
                Files.deleteIfExists(progress);
            } catch (IOException ignored) {
                // the message below still says what failed
            }
            return new IOException(
                    "cannot write " + target + ": " + AtomicFiles.reason(e) + "; nothing was kept (the partial file"
                            + " " + partial.getFileName() + " nsw had begun was removed)",
                    e);
        }
        long bytes;
        try {
            bytes = Files.size(partial);
        } catch (IOException ignored) {
            bytes = -1;
        }
        return new IOException(
                String.format(
                        Locale.ROOT,
                        "cannot write %s: %s; the first %,d rows are kept in %s (%s) so that the same command resumes"
                                + " from them once there is space; to free that space instead, delete %s and %s",
                        target,
                        AtomicFiles.reason(e),
                        done,
                        partial,
                        bytes < 0 ? "size unknown" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6),
                        partial,
                        progress),
                e);
    }

    private void appendRows(float[][] block) throws IOException {
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
                writeFully(out, buf);
                buf.clear();
            }
            buf.asFloatBuffer().put(row);
            buf.position(buf.position() + 4 * cols);
        }
        buf.flip();
        writeFully(out, buf);
        done += block.length;
    }

    /** Makes the rows appended so far survive a crash: fsync, then record their count (a stream: nothing to do). */
    public void checkpoint() throws IOException {
        if (ch == null) {
            return;
        }
        String text = binding.strip() + "\n" + rows + " " + cols + "\n" + done + "\n";
        try {
            ch.force(false);
            AtomicFiles.writeHashed(progress, w -> w.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Moves the complete file over the target (atomically) and removes the progress file. */
    public void publish() throws IOException {
        if (done != rows) {
            throw new IllegalStateException("only " + done + " of " + rows + " rows written to " + partial);
        }
        if (ch == null) {
            out.close(); // a stream: its reader has every row now
            return;
        }
        ch.force(true);
        ch.close();
        AtomicFiles.move(partial, target);
        Files.deleteIfExists(progress);
    }

    /** Closes the file and releases the lock; an unpublished partial file and its progress stay for a resume. */
    @Override
    public void close() throws IOException {
        try {
            if (out.isOpen()) {
                out.close();
            }
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    private static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
