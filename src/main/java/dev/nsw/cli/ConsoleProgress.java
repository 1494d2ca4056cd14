package dev.nsw.cli;

import dev.nsw.job.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints progress to stderr as plain lines, at most one every two seconds plus the first and the last, so
 * that terminals and log files read the same.
 */
final class ConsoleProgress implements ProgressListener {
    private final PrintStream err;
    private final long startNanos = System.nanoTime();
    private long lastPrint;
    private String lastMessage = "";

    ConsoleProgress(PrintStream err) {
        this.err = err;
    }

    static ConsoleProgress stderr() {
        return new ConsoleProgress(System.err);
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
                ? String.format(Locale.ROOT, "%s: %,d/%,d (%.0f%%) %.1fs", message, done, total, 100.0 * done / total, seconds)
                : String.format(Locale.ROOT, "%s: %,d %.1fs", message, done, seconds);
        err.println(line);
        err.flush();
    }
}
