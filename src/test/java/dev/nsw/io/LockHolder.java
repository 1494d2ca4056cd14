package dev.nsw.io;

import java.nio.file.Path;

/**
 * A second process for the lock tests: locks the folder in args[0] (or, with args[1] = {@code file}, the output file
 * args[0] as an {@code .npy} writer does), says so, holds it until stdin closes.
 */
public final class LockHolder {
    /**
     * Starts a holder of the lock on {@code path} (a folder, or with {@code file} an output file) in a second JVM and
     * returns once it holds it; close the process's stdin to release it.
     */
    public static Process start(Path path, boolean file) throws java.io.IOException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                javaBin, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), path.toString()));
        if (file) {
            command.add("file");
        }
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
