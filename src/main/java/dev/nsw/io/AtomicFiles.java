package dev.nsw.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader sees either the old complete file or the new complete file, never a
 * half-written one: content goes to a temporary file in the same folder, which is then moved over the
 * target. A crash or an exception mid-write leaves what was saved before untouched.
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
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = newTempFile(dir, "." + target.getFileName() + ".");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            move(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Like {@link #write} but durable and hashed: the temporary file is fsynced before the rename, and the
     * hex SHA-256 of the bytes written is returned (for checksums in a metadata file). Throws instead of
     * wrapping, for callers that report {@code IOException}s themselves.
     */
    public static String writeHashed(Path target, StreamBody body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = newTempFile(dir, "." + target.getFileName() + ".");
        try {
            java.security.MessageDigest sha;
            try {
                sha = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                    tmp, java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw =
                        new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16);
                java.security.DigestOutputStream out = new java.security.DigestOutputStream(raw, sha);
                body.write(new java.io.FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush(); // the body may close its stream; we still need to fsync and rename
                    }
                });
                out.flush();
                ch.force(true);
            }
            move(tmp, target);
            return java.util.HexFormat.of().formatHex(sha.digest());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeText(Path target, TextBody body) {
        write(target, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            body.write(w);
            w.flush();
        });
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
        Path abs = target.toAbsolutePath().normalize();
        Files.createDirectories(abs.getParent());
        for (int attempt = 0; ; attempt++) {
            Path dir = abs.getParent().resolve("." + abs.getFileName() + "." + TMP + randomTail());
            try {
                return Files.createDirectory(dir); // plain create: the mode follows the umask (not 0700)
            } catch (java.nio.file.FileAlreadyExistsException e) {
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
            } catch (java.nio.file.FileAlreadyExistsException e) {
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
        return Long.toUnsignedString(
                java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36);
    }

    /**
     * Puts the complete folder {@code fresh} at {@code target} with three renames: {@code fresh} →
     * {@code .NAME.new-STAMP} (now known complete), the existing target → {@code .NAME.old-STAMP}, then
     * {@code .new-} → target; the old one is deleted last. A crash at any point leaves a complete copy under
     * a name that {@link #recoverDirectory} finds: the newest is put back at {@code target}.
     */
    public static void replaceDirectory(Path fresh, Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
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
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return false;
        }
        String prefix = "." + abs.getFileName() + ".";
        java.util.List<Path> staged = new java.util.ArrayList<>();
        java.util.List<Path> old = new java.util.ArrayList<>();
        java.util.List<Path> temps = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> s = Files.list(parent)) {
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
        java.util.Comparator<Path> byStamp =
                java.util.Comparator.comparing(p -> p.getFileName().toString());
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

    /** Whether a replace of {@code target} left copies or temporaries beside it ({@link #recoverDirectory} cleans them). */
    public static boolean hasLeftovers(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return false;
        }
        String prefix = "." + abs.getFileName() + ".";
        try (java.util.stream.Stream<Path> s = Files.list(parent)) {
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
                java.util.Locale.ROOT,
                "%013x-%06x",
                System.currentTimeMillis(),
                java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** Deletes a file or folder tree, best effort (used for temporary and superseded folders). */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
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
