package dev.nsw.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One writer per folder or output file: an OS file lock on {@value #LOCK_FILE} inside the folder (or
 * {@code .NAME.nsw-lock} beside it, for a folder that is replaced as a whole and for an output file such as an
 * {@code .npy}), held while a job writes there. The OS releases it when the process
 * dies, so a crash never leaves a folder locked. A second writer — another process or another job of this
 * one — gets one line: "… is in use by process N". The same thread may take the lock again (nested saves).
 *
 * <p>A reader that repairs a crashed replace takes the lock as a <em>repairer</em> ({@link #tryAcquireForRepair}):
 * the lock file then says {@code "PID repair"}, and a writer that finds a repairer in its way waits for it (at most
 * {@link #REPAIR_WAIT}) instead of being refused — a repair is a few renames, and a reader that happened to look
 * while a writer was renaming must not make that writer's next job fail. A writer in a writer's way is still refused
 * at once.
 */
public final class FolderLock implements AutoCloseable {
    /** Name of the lock file inside a locked folder. */
    public static final String LOCK_FILE = ".nsw-lock";

    /** How long a writer waits for a reader's repair of the folder before it gives up as if the folder were busy. */
    public static final java.time.Duration REPAIR_WAIT = java.time.Duration.ofSeconds(2);

    private static final String REPAIR_MARK = "repair";

    private static final Map<Path, FolderLock> HELD = new HashMap<>();

    private final Path lockFile;
    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;
    private final Thread owner;
    private final boolean repair;
    private int holds = 1;

    private FolderLock(Path lockFile, Path folder, FileChannel channel, FileLock lock, boolean repair) {
        this.lockFile = lockFile;
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
        this.owner = Thread.currentThread();
        this.repair = repair;
    }

    /** Locks {@code folder} (created when missing) through {@code folder/.nsw-lock}. */
    public static FolderLock acquire(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        return lock(folder.resolve(LOCK_FILE), folder, "folder", Mode.WRITE);
    }

    /**
     * Locks {@code folder} through {@code .NAME.nsw-lock} beside it: for folders replaced as a whole (the
     * BM25 index), where a lock file inside would move away with the old folder.
     */
    public static FolderLock acquireBeside(Path folder) {
        return lock(besideLockFile(folder), folder, "folder", Mode.WRITE);
    }

    /**
     * Locks the output file {@code file} (an {@code .npy} being written, a cache and its sidecar) through
     * {@code .NAME.nsw-lock} beside it: the same OS lock the folders have, so a second writer of the file — another
     * process or another job of this one — gets "… is in use by process N" instead of mixing its rows in.
     */
    public static FolderLock acquireFile(Path file) {
        return lock(besideLockFile(file), file, "file", Mode.WRITE);
    }

    /**
     * The lock of {@link #acquireBeside} taken by a reader that repairs a crashed replace, when nobody holds it, else
     * empty: the repair happens only when no writer is at work (a writer's temporaries are not leftovers), and a
     * writer that comes while it runs waits for it ({@link #REPAIR_WAIT}) instead of being refused.
     */
    public static Optional<FolderLock> tryAcquireForRepair(Path folder) {
        return Optional.ofNullable(lock(besideLockFile(folder), folder, "folder", Mode.TRY_REPAIR));
    }

    /** {@code .NAME.nsw-lock} beside the real path of {@code path} (a symbolic link to it locks the same file). */
    private static Path besideLockFile(Path path) {
        Path abs;
        try {
            abs = SpecialFiles.followLinks(path);
            Files.createDirectories(abs.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + path + ": " + AtomicFiles.reason(e), e);
        }
        return abs.resolveSibling("." + abs.getFileName() + LOCK_FILE);
    }

    /** How a caller takes the lock. */
    private enum Mode {
        /** A writer: waits out a repairer (at most {@link #REPAIR_WAIT}), else throws "in use". */
        WRITE,
        /** A reader's repair: takes the lock only when it is free, else returns null; marks it as a repair. */
        TRY_REPAIR
    }

    /**
     * Takes the lock; when another holds it, a writer waits while that holder is a repairer and then throws "in use",
     * a repairer returns null.
     */
    private static FolderLock lock(Path lockFile, Path folder, String what, Mode mode) {
        long deadline = System.nanoTime() + REPAIR_WAIT.toNanos();
        while (true) {
            Attempt attempt = tryLock(lockFile, folder, mode);
            if (attempt.lock() != null) {
                return attempt.lock();
            }
            if (mode == Mode.TRY_REPAIR) {
                return null;
            }
            long left = deadline - System.nanoTime();
            if (!attempt.heldForRepair() || left <= 0) {
                throw inUse(folder, what, attempt.holder());
            }
            synchronized (HELD) { // woken by close() in this process; another process's repair is polled
                try {
                    HELD.wait(Math.max(1, Math.min(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left), 20)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw inUse(folder, what, attempt.holder());
                }
            }
        }
    }

    /** One try: the lock, or who holds it ("N" or "N (this program, another job)") and whether for a repair. */
    private record Attempt(FolderLock lock, String holder, boolean heldForRepair) {}

    private static Attempt tryLock(Path lockFile, Path folder, Mode mode) {
        Path key; // one key per lock file however it is spelled (relative, through a symbolic link)
        try {
            Path abs = lockFile.toAbsolutePath().normalize();
            key = abs.getParent().toRealPath().resolve(abs.getFileName());
        } catch (IOException e) {
            key = lockFile.toAbsolutePath().normalize();
        }
        synchronized (HELD) {
            FolderLock held = HELD.get(key);
            if (held != null) {
                if (held.owner == Thread.currentThread()) {
                    held.holds++;
                    return new Attempt(held, null, false);
                }
                return new Attempt(null, ProcessHandle.current().pid() + " (this program, another job)", held.repair);
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(
                        lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    String[] holder = readHolder(channel);
                    channel.close();
                    return new Attempt(null, holder[0], REPAIR_MARK.equals(holder[1]));
                }
                boolean repair = mode == Mode.TRY_REPAIR;
                String content = ProcessHandle.current().pid() + (repair ? " " + REPAIR_MARK : "") + "\n";
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)), 0);
                FolderLock acquired = new FolderLock(key, folder, channel, lock, repair);
                HELD.put(key, acquired);
                return new Attempt(acquired, null, false);
            } catch (IOException e) {
                closeQuietly(channel);
                throw new UncheckedIOException("cannot lock " + folder + ": " + AtomicFiles.reason(e), e);
            }
        }
    }

    private static RefusedWriteException inUse(Path path, String what, String pid) {
        return new RefusedWriteException(path + " is in use by process " + pid
                + ": another nsw job is writing it; wait for it to finish or choose another " + what);
    }

    /** The holder's pid ("(unknown)" when unreadable) and its mark ("repair" or ""), from the lock file. */
    private static String[] readHolder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            channel.read(buf, 0);
            String[] words = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII)
                    .strip()
                    .split("\\s+", 2);
            String pid = words[0].matches("\\d{1,12}") ? words[0] : "(unknown)";
            return new String[] {pid, words.length > 1 ? words[1] : ""};
        } catch (IOException e) {
            return new String[] {"(unknown)", ""};
        }
    }

    /** The folder this lock guards. */
    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        synchronized (HELD) {
            if (--holds > 0) {
                return;
            }
            HELD.remove(lockFile);
            HELD.notifyAll(); // a writer waiting out this repair
            try {
                lock.release();
            } catch (IOException ignored) {
                // the channel close below releases it too
            }
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
