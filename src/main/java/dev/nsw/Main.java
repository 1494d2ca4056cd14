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

    public static void main(String[] args) {
        System.exit(NswCommand.run(args));
    }
}
