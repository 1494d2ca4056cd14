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
 */
public final class FolderLock implements AutoCloseable {
    /** Name of the lock file inside a locked folder. */
    public static final String LOCK_FILE = ".nsw-lock";

    private static final Map<Path, FolderLock> HELD = new HashMap<>();

    private final Path lockFile;
    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;
    private final Thread owner;
    private int holds = 1;

    private FolderLock(Path lockFile, Path folder, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
        this.owner = Thread.currentThread();
    }

    /** Locks {@code folder} (created when missing) through {@code folder/.nsw-lock}. */
    public static FolderLock acquire(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        return lock(folder.resolve(LOCK_FILE), folder);
    }

    /**
     * Locks {@code folder} through {@code .NAME.nsw-lock} beside it: for folders replaced as a whole (the
     * BM25 index), where a lock file inside would move away with the old folder.
     */
    public static FolderLock acquireBeside(Path folder) {
        return lock(besideLockFile(folder), folder, "folder", true);
    }

    /**
     * Locks the output file {@code file} (an {@code .npy} being written, a cache and its sidecar) through
     * {@code .NAME.nsw-lock} beside it: the same OS lock the folders have, so a second writer of the file — another
     * process or another job of this one — gets "… is in use by process N" instead of mixing its rows in.
     */
    public static FolderLock acquireFile(Path file) {
        return lock(besideLockFile(file), file, "file", true);
    }

    /**
     * {@link #acquireBeside} when nobody holds it, else empty: for readers that repair a crashed replace only when
     * no writer is at work (a writer's temporaries are not leftovers).
     */
    public static Optional<FolderLock> tryAcquireBeside(Path folder) {
        return Optional.ofNullable(lock(besideLockFile(folder), folder, "folder", false));
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

    private static FolderLock lock(Path lockFile, Path folder) {
        return lock(lockFile, folder, "folder", true);
    }

    /** Takes the lock, or throws "in use" ({@code orThrow}) or returns null when another holds it. */
    private static FolderLock lock(Path lockFile, Path folder, String what, boolean orThrow) {
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
                    return held;
                }
                if (!orThrow) {
                    return null;
                }
                throw inUse(folder, what, ProcessHandle.current().pid() + " (this program, another job)");
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
                    String pid = readPid(channel);
                    channel.close();
                    if (!orThrow) {
                        return null;
                    }
                    throw inUse(folder, what, pid);
                }
                channel.truncate(0);
                channel.write(
                        ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                FolderLock acquired = new FolderLock(key, folder, channel, lock);
                HELD.put(key, acquired);
                return acquired;
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

    private static String readPid(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            channel.read(buf, 0);
            String s = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
            return s.matches("\\d{1,12}") ? s : "(unknown)";
        } catch (IOException e) {
            return "(unknown)";
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
