package dev.nsw.io;

import java.nio.file.Path;

/**
 * A second process for the lock tests: locks the folder in args[0] (or, with args[1] = {@code file}, the output file
 * args[0] as an {@code .npy} writer does; with {@code beside}, the folder as the BM25 writer does; with {@code repair},
 * as a BM25 reader repairing it does), says so, holds it until stdin closes.
 */
public final class LockHolder {
    /**
     * Starts a holder of the lock on {@code path} (a folder, or with {@code file} an output file) in a second JVM and
     * returns once it holds it; close the process's stdin to release it.
     */
    public static Process start(Path path, boolean file) throws java.io.IOException {
        return start(path, file ? "file" : "folder");
    }

    /** {@link #start(Path, boolean)} for a kind of lock: {@code folder}, {@code file}, {@code beside} or {@code repair}. */
    public static Process start(Path path, String kind) throws java.io.IOException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                path.toString(),
                kind));
        Process holder = new ProcessBuilder(command).redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(
                        new java.io.InputStreamReader(holder.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))
                .readLine();
        if (line == null || !line.startsWith("locked ")) {
            holder.destroyForcibly();
            throw new IllegalStateException("the lock holder did not start: " + line);
        }
        return holder;
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        String kind = args.length > 1 ? args[1] : "folder";
        try (FolderLock lock = switch (kind) {
            case "file" -> FolderLock.acquireFile(path);
            case "beside" -> FolderLock.acquireBeside(path);
            case "repair" -> FolderLock.tryAcquireForRepair(path).orElseThrow();
            default -> FolderLock.acquire(path);
        }) {
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the parent closes our stdin (or dies)
            }
        }
    }
}
