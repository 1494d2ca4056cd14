package dev.nsw;

import dev.nsw.cli.NswCommand;

/**
 * Entry point of the workbench: with no arguments (or {@code gui ...}) it opens the desktop app, or explains
 * why it can't; with other arguments it runs the command line.
 *
 * <p>This class deliberately does not extend {@code javafx.application.Application}: JavaFX refuses to
 * start such a main class from the class path. The CLI path never loads a JavaFX class: the GUI is only
 * reached through {@link #gui}, whose classes the JVM resolves on first call.
 */
public final class Main {
    private Main() {}

    static final String NO_DISPLAY = "nsw: no display found; the workbench needs a desktop. "
            + "Try ./nsw demo for the whole pipeline in the terminal, or ./nsw --help.";

    /** Held so the loggers (and their levels) are not garbage-collected. */
    private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene");

    private static final java.util.logging.Logger DJL_LOG = java.util.logging.Logger.getLogger("ai.djl");

    /**
     * DJL probes for CUDA on every engine start and warns "Failed to detect GPU count: CUDA driver version is
     * insufficient" on a machine without an NVIDIA driver — four lines of noise per model load on the CPU
     * machines nsw is made for. A real GPU problem still shows as an error when a GPU device is asked for.
     */
    private static final java.util.logging.Logger DJL_CUDA_LOG = java.util.logging.Logger.getLogger("ai.djl.util.cuda");

    public static void main(String[] args) {
        // Lucene logs an INFO line about the Vector API on first use; keep stderr for our progress.
        LUCENE_LOG.setLevel(java.util.logging.Level.WARNING);
        DJL_LOG.setLevel(java.util.logging.Level.WARNING);
        DJL_CUDA_LOG.setLevel(java.util.logging.Level.SEVERE);
        // The one place the process promises DJL never downloads (the launcher, installer and tests pass it too).
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (args.length == 0 || "gui".equals(args[0])) {
            String[] rest = args.length == 0 ? args : java.util.Arrays.copyOfRange(args, 1, args.length);
            System.exit(gui(rest));
        }
        System.exit(NswCommand.run(args));
    }

    static int gui(String[] args) {
        boolean help = java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h");
        if (!help && !hasDisplay(System.getenv("DISPLAY"), System.getenv("WAYLAND_DISPLAY"), System.getProperty("glass.platform"))) {
            System.err.println(NO_DISPLAY);
            return 1;
        }
        return dev.nsw.gui.WorkbenchLauncher.launch(args);
    }

    /** True when there is an X11 or Wayland display, or JavaFX's headless platform was asked for. */
    static boolean hasDisplay(String display, String waylandDisplay, String glassPlatform) {
        return (display != null && !display.isBlank()) || (waylandDisplay != null && !waylandDisplay.isBlank())
                || "headless".equalsIgnoreCase(glassPlatform);
    }
}
