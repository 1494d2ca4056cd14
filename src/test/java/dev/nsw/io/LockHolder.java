package dev.nsw.io;

import java.nio.file.Path;

/**
 * A second process for the lock tests: locks the folder in args[0] (or, with args[1] = {@code file}, the output file
 * args[0] as an {@code .npy} writer does), says so, holds it until stdin closes.
 */
public final class LockHolder {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        boolean file = args.length > 1 && args[1].equals("file");
        try (FolderLock lock = file ? FolderLock.acquireFile(path) : FolderLock.acquire(path)) {
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the parent closes our stdin (or dies)
            }
        }
    }
}
