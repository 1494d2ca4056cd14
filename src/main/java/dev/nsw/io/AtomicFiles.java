package dev.nsw.io;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes files so that a reader sees either the old complete file or the new complete file, never a
 * half-written one: content goes to a temporary file in the same folder, which is then moved over the
 * target. A crash or an exception mid-write leaves what was saved before untouched.
 *
 * <p>What the target is decides how it is written ({@link SpecialFiles#output}, the rule of issue 21): a
 * regular file or a missing path is replaced as above; a symbolic link is followed and its target replaced (the
 * link stays); a FIFO or a character device ({@code -o /dev/null}, {@code --trec-run /dev/stdout}) is written
 * to directly as a stream and stays what it is; a folder, block device or socket is refused. Folders replaced
 * as a whole ({@link #replaceDirectory}) follow a symbolic link the same way.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Body of a write: gets the stream of the temporary file. */
    @FunctionalInterface
    public interface StreamBody {
        void write(OutputStream out) throws IOException;
    }

    /** Body of a text write (UTF-8). */
    @FunctionalInterface
    public interface TextBody {
        void write(Writer out) throws IOException;
    }

    public static void write(Path target, StreamBody body) {
        try {
            writeTo(target, body, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Like {@link #write} but durable and hashed: the temporary file is fsynced before the rename, and the
     * hex SHA-256 of the bytes written is returned (for checksums in a metadata file). Throws instead of
     * wrapping, for callers that report {@code IOException}s themselves; the message names the target.
     */
    public static String writeHashed(Path target, StreamBody body) throws IOException {
        return writeTo(target, body, true);
    }

    public static void writeText(Path target, TextBody body) {
        write(target, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            body.write(w);
            w.flush();
        });
    }

    /** The one write path: a stream output in place, anything else through a temporary file and a rename. */
    private static String writeTo(Path target, StreamBody body, boolean durable) throws IOException {
        SpecialFiles.Output output = SpecialFiles.output(target);
        MessageDigest sha = sha256();
        if (output.stream()) {
            try (OutputStream raw = new BufferedOutputStream(SpecialFiles.openStream(output.path()), 1 << 16)) {
                writeBody(new DigestOutputStream(raw, sha), body);
            } catch (IOException e) {
                throw failed(target, e);
            }
            return HexFormat.of().formatHex(sha.digest());
        }
        Path file = output.path();
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = newTempFile(file.getParent(), "." + file.getFileName() + ".");
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                DigestOutputStream out = new DigestOutputStream(raw, sha);
                writeBody(out, body);
                out.flush();
                if (durable) {
                    ch.force(true);
                }
            }
            move(tmp, file);
            tmp = null;
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw failed(target, e);
        } finally {
            deleteQuietly(tmp); // a failed write leaves nothing behind, so a full disk is not kept full
        }
    }

    /** Runs {@code body} on {@code out}; a body that closes its stream only flushes it (we still fsync and rename). */
    private static void writeBody(OutputStream out, StreamBody body) throws IOException {
        body.write(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        });
        out.flush();
    }

    /**
     * One line for a failed write that names the file, whatever the JDK's message held (often only the reason,
     * "No space left on device", or only a path).
     */
    public static IOException failed(Path target, IOException e) {
        String reason = reason(e);
        if (e.getMessage() != null && e.getMessage().startsWith("cannot write ")) {
            return e; // already says which file
        }
        return new IOException("cannot write " + target + ": " + reason, e);
    }

    /** The reason of an I/O error without the path the JDK puts before it ({@code FileSystemException}). */
    public static String reason(IOException e) {
        String reason = e instanceof FileSystemException fs && fs.getReason() != null
                ? fs.getReason()
                : e instanceof NoSuchFileException
                        ? "no such file or folder"
                        : e instanceof AccessDeniedException
                                ? "permission denied"
                                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (isDiskFull(e)) {
            reason = "no space left on device (the disk is full: free some space and run again)";
        }
        return reason;
    }

    /** Whether {@code e} (or its cause) is ENOSPC. */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves {@code source} over {@code target}, atomically where the file system allows. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * One rename of a replace. Tests inject a step that "crashes" (throws) after the n-th rename, so that
     * recovery is checked for every point between the renames without timing tricks.
     */
    @FunctionalInterface
    public interface RenameStep {
        void rename(Path source, Path target) throws IOException;
    }

    private static final RenameStep REAL_RENAME = AtomicFiles::move;
    private static final ThreadLocal<RenameStep> RENAME_STEP = ThreadLocal.withInitial(() -> REAL_RENAME);

    /** Runs {@code body} with {@code step} doing this thread's folder renames (fault injection in tests). */
    public static void withRenameStep(RenameStep step, Runnable body) {
        RENAME_STEP.set(step);
        try {
            body.run();
        } finally {
            RENAME_STEP.set(REAL_RENAME);
        }
    }

    /** Sibling name prefixes of a replace: {@code .NAME.tmp-} (being written), {@code .new-} (complete), {@code .old-}. */
    static final String TMP = "tmp-";

    static final String NEW = "new-";
    static final String OLD = "old-";

    /** A fresh empty temporary folder beside {@code target} ({@code .NAME.tmp-...}) to assemble a replacement in. */
    public static Path newTempSibling(Path target) throws IOException {
        Path abs = SpecialFiles.followLinks(target);
        Files.createDirectories(abs.getParent());
        for (int attempt = 0; ; attempt++) {
            Path dir = abs.getParent().resolve("." + abs.getFileName() + "." + TMP + randomTail());
            try {
                return Files.createDirectory(dir); // plain create: the mode follows the umask (not 0700)
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Creates an empty temporary file {@code PREFIX<random>.tmp} in {@code dir}. Unlike
     * {@link Files#createTempFile} (always 0600) its permissions follow the umask, as the final file's must.
     */
    public static Path newTempFile(Path dir, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path file = dir.resolve(prefix + randomTail() + ".tmp");
            try {
                return Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Whether {@code fileName} is a temporary that {@link #write} or {@link #writeHashed} made for a file named
     * {@code targetName} ({@code .TARGET.<random>.tmp}): what a killed write leaves behind.
     */
    public static boolean isTemporaryOf(String fileName, String targetName) {
        return fileName.startsWith("." + targetName + ".") && fileName.endsWith(".tmp");
    }

    private static String randomTail() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    /**
     * Puts the complete folder {@code fresh} at {@code target} with three renames: {@code fresh} →
     * {@code .NAME.new-STAMP} (now known complete), the existing target → {@code .NAME.old-STAMP}, then
     * {@code .new-} → target; the old one is deleted last. A crash at any point leaves a complete copy under
     * a name that {@link #recoverDirectory} finds: the newest is put back at {@code target}.
     */
    public static void replaceDirectory(Path fresh, Path target) throws IOException {
        Path abs = SpecialFiles.followLinks(target); // a link to the folder stays; the folder it names is replaced
        RenameStep step = RENAME_STEP.get();
        String stamp = stamp();
        Path staged = sibling(abs, NEW + stamp);
        step.rename(fresh, staged);
        Path old = null;
        if (Files.exists(abs)) {
            old = sibling(abs, OLD + stamp);
            step.rename(abs, old);
        }
        step.rename(staged, abs);
        deleteTree(old);
    }

    /**
     * Repairs what a crash in {@link #replaceDirectory} left beside {@code target}: puts the newest complete
     * copy at {@code target} (a staged {@code .new-} copy beats the target, the target beats an {@code .old-}
     * copy) and deletes the other copies and stale {@code .tmp-} folders. Call it only while holding the
     * folder's lock (a {@code .tmp-} folder may be another writer's work in progress otherwise).
     *
     * @return true when something was repaired or cleaned
     */
    public static boolean recoverDirectory(Path target) throws IOException {
        Path abs = SpecialFiles.followLinks(target);
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return false;
        }
        String prefix = "." + abs.getFileName() + ".";
        List<Path> staged = new ArrayList<>();
        List<Path> old = new ArrayList<>();
        List<Path> temps = new ArrayList<>();
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (!n.startsWith(prefix) || !Files.isDirectory(p)) {
                    continue;
                }
                String rest = n.substring(prefix.length());
                if (rest.startsWith(NEW)) {
                    staged.add(p);
                } else if (rest.startsWith(OLD)) {
                    old.add(p);
                } else if (rest.startsWith(TMP)) {
                    temps.add(p);
                }
            }
        }
        if (staged.isEmpty() && old.isEmpty() && temps.isEmpty()) {
            return false;
        }
        Comparator<Path> byStamp = Comparator.comparing(p -> p.getFileName().toString());
        staged.sort(byStamp);
        old.sort(byStamp);
        Path newest = !staged.isEmpty()
                ? staged.removeLast()
                : !Files.exists(abs) && !old.isEmpty() ? old.removeLast() : null;
        if (newest != null) {
            if (Files.exists(abs)) {
                Path aside = sibling(abs, OLD + stamp());
                move(abs, aside);
                old.add(aside);
            }
            move(newest, abs);
        }
        staged.forEach(AtomicFiles::deleteTree);
        old.forEach(AtomicFiles::deleteTree);
        temps.forEach(AtomicFiles::deleteTree);
        return true;
    }

    /** A read of one version of something replaced by renames. */
    @FunctionalInterface
    public interface VersionRead<T> {
        T read() throws IOException;
    }

    /** Attempts of {@link #readConsistent} before it gives up (each only after a writer committed meanwhile). */
    static final int READ_ATTEMPTS = 50;

    /**
     * Reads something writers replace by renames — an index folder whose {@code index.json} names the data files of
     * its version, a folder replaced as a whole — so that the reader gets one version, whole, and never fails
     * because a writer committed meanwhile. {@code pointer} is what a commit renames into place (the
     * {@code index.json}, or the folder itself); its identity (file key, modification time, size) is noted before
     * the read and after it. When the read fails and the identity changed (the writer deleted the files of the
     * version the read began on) it is read again; with {@code checkAfterSuccess} also when it succeeded but the
     * identity changed (a folder replaced as a whole could have given files of two versions), after {@code discard}
     * has released what that read opened. A failure with the identity unchanged is real and thrown as it is.
     *
     * @param discard releases a result that is read again (may be null when there is nothing to release)
     */
    public static <T> T readConsistent(
            Path pointer, boolean checkAfterSuccess, VersionRead<T> read, Consumer<T> discard) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Object before = identity(pointer);
            T result;
            try {
                result = read.read();
            } catch (IOException | RuntimeException e) {
                Object after = identity(pointer);
                boolean moved = before == null || after == null || !before.equals(after);
                if (!moved || attempt >= READ_ATTEMPTS || (before == null && after == null && attempt >= 4)) {
                    throw e;
                }
                pause(attempt);
                continue;
            }
            if (!checkAfterSuccess || Objects.equals(before, identity(pointer)) || attempt >= READ_ATTEMPTS) {
                return result;
            }
            if (discard != null) {
                discard.accept(result);
            }
            pause(attempt);
        }
    }

    /** What tells two versions of {@code p} apart (inode, modification time to the nanosecond, size); null when missing. */
    private static Object identity(Path p) {
        try {
            var a = Files.readAttributes(p, BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
        } catch (IOException e) {
            return null;
        }
    }

    private static void pause(int attempt) throws IOException {
        try {
            Thread.sleep(Math.min(50, 2L * attempt)); // a commit is a rename or two: microseconds
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading a folder being replaced");
        }
    }

    /** Whether a replace of {@code target} left copies or temporaries beside it ({@link #recoverDirectory} cleans them). */
    public static boolean hasLeftovers(Path target) {
        Path abs;
        try {
            abs = SpecialFiles.followLinks(target);
        } catch (IOException e) {
            return false;
        }
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return false;
        }
        String prefix = "." + abs.getFileName() + ".";
        try (Stream<Path> s = Files.list(parent)) {
            return s.map(p -> p.getFileName().toString())
                    .anyMatch(n ->
                            n.startsWith(prefix + NEW) || n.startsWith(prefix + OLD) || n.startsWith(prefix + TMP));
        } catch (IOException e) {
            return false;
        }
    }

    private static Path sibling(Path abs, String suffix) {
        return abs.resolveSibling("." + abs.getFileName() + "." + suffix);
    }

    /** Sorts by time as text: 13 hex digits of epoch millis (fixed width), then a random tail against ties. */
    private static String stamp() {
        return String.format(
                Locale.ROOT,
                "%013x-%06x",
                System.currentTimeMillis(),
                ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** Deletes a file or folder tree, best effort (used for temporary and superseded folders). */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort: a stray temp file is harmless and hidden (leading dot)
        }
    }
}
