package dev.nsw.cli;

import dev.nsw.job.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Prints progress to stderr as plain lines, at most one every two seconds plus the first and the last, so
 * that terminals and log files read the same.
 */
final class ConsoleProgress implements ProgressListener {
    private final PrintWriter err;
    private final long startNanos = System.nanoTime();
    private long lastPrint;
    private String lastMessage = "";

    ConsoleProgress(PrintWriter err) {
        this.err = err;
    }

    /** Progress to the command's error stream (stderr, or what a test set with {@code setErr}). */
    static ConsoleProgress of(CommandLine.Model.CommandSpec spec) {
        return new ConsoleProgress(spec.commandLine().getErr());
    }

    @Override
    public synchronized void progress(long done, long total, String message) {
        long now = System.nanoTime();
        boolean finished = total > 0 && done >= total;
        boolean changed = !message.equals(lastMessage);
        if (!finished && !changed && now - lastPrint < 2_000_000_000L) {
            return;
        }
        lastPrint = now;
        lastMessage = message;
        double seconds = (now - startNanos) / 1e9;
        String line = total > 0
                ? String.format(
                        Locale.ROOT, "%s: %,d/%,d (%.0f%%) %.1fs", message, done, total, 100.0 * done / total, seconds)
                : String.format(Locale.ROOT, "%s: %,d %.1fs", message, done, seconds);
        err.println(line);
        err.flush();
    }
}
