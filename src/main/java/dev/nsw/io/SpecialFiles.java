package dev.nsw.io;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What a path really is when nsw is given it as an output or an input, and how to open the paths that are
 * not regular files. The rule (issue 21), applied by every writer through {@link AtomicFiles}:
 *
 * <ul>
 *   <li>a regular file or a missing path is replaced atomically (temporary file, then rename);
 *   <li>a symbolic link is followed to its final target, and that target is replaced: the link stays a link
 *       (a link whose target is missing creates the target);
 *   <li>a FIFO or a character device ({@code /dev/null}, a terminal, a named pipe), or a descriptor alias such
 *       as {@code /dev/stdout} ({@code /proc/self/fd/N}), is written to directly as a stream, appending, never
 *       renamed over or truncated;
 *   <li>a folder, a block device and a socket are refused with one line.
 * </ul>
 *
 * <p>Opening a FIFO blocks until its other end is opened. When that takes longer than a moment, nsw says on
 * stderr what it is waiting for ({@link #setNotices}), then keeps waiting as {@code cat} would: never silently.
 */
public final class SpecialFiles {
    private SpecialFiles() {}

    /** What a path is, with symbolic links followed. */
    public enum Kind {
        MISSING("missing path"),
        REGULAR("regular file"),
        DIRECTORY("folder"),
        FIFO("FIFO (named pipe)"),
        CHARACTER_DEVICE("character device"),
        BLOCK_DEVICE("block device"),
        SOCKET("socket"),
        OTHER("special file");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** What users read: "FIFO (named pipe)", "character device", ... */
        public String label() {
            return label;
        }
    }

    /**
     * An output as nsw writes it.
     *
     * @param path where the bytes go: the given path with its symbolic links followed (absolute)
     * @param kind what is there now
     * @param stream true when written in place as a stream (FIFO, character device, descriptor alias); false
     *     when replaced atomically (regular file or missing path)
     */
    public record Output(Path path, Kind kind, boolean stream) {}

    /** Symbolic links followed at most this many times (the kernel's own limit is 40). */
    private static final int MAX_LINKS = 40;

    /** How long a FIFO may take to open before nsw says what it waits for. */
    static final long NOTICE_AFTER_MILLIS = 1500;

    private static volatile Consumer<String> notices = line -> {
        System.err.println(line);
        System.err.flush();
    };

    /**
     * Where "waiting for the other end of a FIFO" notices go (stderr unless set): the one message core code gives
     * outside a progress listener, because a blocking {@code open} has no job around it to report through.
     */
    public static void setNotices(Consumer<String> sink) {
        notices = sink == null ? line -> {} : sink;
    }

    /** What {@code p} is, following symbolic links ({@link Kind#MISSING} for a missing path or dangling link). */
    public static Kind kindOf(Path p) {
        try {
            var attrs = Files.readAttributes(p, BasicFileAttributes.class);
            if (attrs.isRegularFile()) {
                return Kind.REGULAR;
            }
            if (attrs.isDirectory()) {
                return Kind.DIRECTORY;
            }
            return specialKind(p);
        } catch (IOException e) {
            return Kind.MISSING;
        }
    }

    /** A special file's type from its mode bits (S_IFMT), as {@code stat} reports it. */
    private static Kind specialKind(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> Kind.FIFO;
                case 0020000 -> Kind.CHARACTER_DEVICE;
                case 0060000 -> Kind.BLOCK_DEVICE;
                case 0140000 -> Kind.SOCKET;
                default -> Kind.OTHER;
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return Kind.OTHER;
        }
    }

    /**
     * {@code p} made absolute with its symbolic links followed to the final target, which may be missing (a
     * dangling link resolves to the path it names). Links into {@code /proc} ({@code /dev/stdout} →
     * {@code /proc/self/fd/1}) stop there: the kernel resolves those "magic" links when the path is opened.
     */
    public static Path followLinks(Path p) throws IOException {
        Path current = p.toAbsolutePath().normalize();
        for (int hops = 0; ; hops++) {
            if (isDescriptorAlias(current) || !Files.isSymbolicLink(current)) {
                return current;
            }
            if (hops >= MAX_LINKS) {
                throw new IOException(p + ": too many levels of symbolic links");
            }
            Path link = Files.readSymbolicLink(current);
            Path parent = current.getParent();
            try {
                parent = parent.toRealPath(); // so that ".." in the link means what the kernel takes it to mean
            } catch (IOException e) {
                // a missing parent: resolve lexically
            }
            current = parent.resolve(link).normalize();
        }
    }

    /** {@code FileDescriptor.out} or {@code err} when {@code path} is this process's descriptor 1 or 2, else null. */
    private static FileDescriptor ownStandardStream(Path path) {
        String p = path.toString();
        String self = "/proc/" + ProcessHandle.current().pid() + "/fd/";
        for (String prefix : new String[] {"/proc/self/fd/", "/proc/thread-self/fd/", self}) {
            if (p.equals(prefix + "1")) {
                return FileDescriptor.out;
            }
            if (p.equals(prefix + "2")) {
                return FileDescriptor.err;
            }
        }
        return null;
    }

    /** A path the kernel resolves to an open file descriptor ({@code /proc/self/fd/1}, {@code /dev/fd/1} once followed). */
    private static boolean isDescriptorAlias(Path abs) {
        return abs.startsWith("/proc/");
    }

    /**
     * How nsw writes the output {@code target} (see the class comment).
     *
     * @throws RefusedWriteException for a folder, a block device or a socket
     */
    public static Output output(Path target) throws IOException {
        Path path = followLinks(target);
        Kind kind = kindOf(path);
        if (isDescriptorAlias(path)) {
            if (kind == Kind.SOCKET || kind == Kind.DIRECTORY) {
                throw refused(target, kind);
            }
            return new Output(path, kind, true);
        }
        return switch (kind) {
            case MISSING, REGULAR -> new Output(path, kind, false);
            case FIFO, CHARACTER_DEVICE -> new Output(path, kind, true);
            case DIRECTORY, BLOCK_DEVICE, SOCKET, OTHER -> throw refused(target, kind);
        };
    }

    private static RefusedWriteException refused(Path target, Kind kind) {
        if (kind == Kind.DIRECTORY) {
            return new RefusedWriteException(target + " is a folder, not a file: give the output a file name");
        }
        return new RefusedWriteException(target + " is a " + kind.label()
                + ": nsw writes outputs to files, FIFOs and character devices (such as /dev/null) only");
    }

    /**
     * Opens a stream output ({@link Output#stream()}) for writing: appending, never truncating or creating. A
     * FIFO blocks until a reader opens it; after {@value #NOTICE_AFTER_MILLIS} ms nsw says that it waits.
     */
    public static OutputStream openStream(Path path) throws IOException {
        FileDescriptor own = ownStandardStream(path);
        if (own != null) {
            // /dev/stdout, /dev/stderr: this process's own descriptor, so that what nsw prints there and the file
            // share one offset (a second open of a redirected stdout would write over what was printed)
            System.out.flush();
            System.err.flush();
            return new FilterOutputStream(new FileOutputStream(own)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // never close the process's own stdout or stderr
                }
            };
        }
        return whenOpened(
                path,
                "nsw: waiting for a reader of the FIFO " + path + " (nsw writes its output there; start the reader,"
                        + " e.g. `cat " + path + "`, or press Ctrl+C)",
                () -> Files.newOutputStream(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** FIFOs read so far by this process, and the file each one's content was kept in. */
    private static final Map<Path, Path> SPOOLED = new ConcurrentHashMap<>();

    /**
     * Opens an input for reading. A FIFO blocks until a writer opens it; after {@value #NOTICE_AFTER_MILLIS} ms nsw
     * says that it waits, instead of hanging silently. A FIFO can be read only once, and a command may read an input
     * twice (to detect its kind, then to parse it): the first read keeps its content in a temporary file, deleted
     * when the process ends, and later opens read that.
     */
    public static InputStream openInput(Path path) throws IOException {
        if (kindOf(path) != Kind.FIFO) {
            return Files.newInputStream(path);
        }
        Path key = path.toAbsolutePath().normalize();
        synchronized (SPOOLED) {
            Path spool = SPOOLED.get(key);
            if (spool == null) {
                spool = Files.createTempFile("nsw-fifo-", ".input");
                spool.toFile().deleteOnExit();
                try (InputStream in = whenOpened(
                        path,
                        "nsw: waiting for a writer to open the FIFO " + path + " (nsw reads its input from there;"
                                + " start the writer, or press Ctrl+C)",
                        () -> Files.newInputStream(path))) {
                    Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
                }
                SPOOLED.put(key, spool);
            }
            return Files.newInputStream(spool);
        }
    }

    @FunctionalInterface
    private interface Opener<T> {
        T open() throws IOException;
    }

    /** Opens {@code path}; when it is a FIFO, on a helper thread, saying {@code notice} if the open blocks. */
    private static <T extends AutoCloseable> T whenOpened(Path path, String notice, Opener<T> opener)
            throws IOException {
        if (kindOf(path) != Kind.FIFO) {
            return opener.open();
        }
        FutureTask<T> open = new FutureTask<>(opener::open);
        Thread.ofPlatform().daemon().name("nsw-fifo-open").start(open);
        try {
            try {
                return open.get(NOTICE_AFTER_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                notices.accept(notice);
                return open.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the other end of the FIFO " + path);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot open " + path + ": " + e.getCause(), e.getCause());
        }
    }
}
