package dev.nsw.io;

import java.nio.file.Path;

/** A second process for {@link SafeWritesTest}: locks the folder in args[0], says so, holds it until stdin closes. */
public final class LockHolder {
    public static void main(String[] args) throws Exception {
        try (FolderLock lock = FolderLock.acquire(Path.of(args[0]))) {
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the parent closes our stdin (or dies)
            }
        }
    }
}
