package dev.nsw;

import dev.nsw.cli.NswCommand;

/**
 * Entry point of the workbench: with no arguments it opens the desktop app (or explains why it can't),
 * with arguments it runs the command line.
 *
 * <p>This class deliberately does not extend {@code javafx.application.Application}: JavaFX refuses to
 * start such a main class from the class path, and the CLI must never load JavaFX at all.
 */
public final class Main {
    private Main() {}

    /** Held so the logger (and its level) is not garbage-collected. */
    private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene");

    public static void main(String[] args) {
        // Lucene logs an INFO line about the Vector API on first use; keep stderr for our progress.
        LUCENE_LOG.setLevel(java.util.logging.Level.WARNING);
        System.exit(NswCommand.run(args));
    }
}
