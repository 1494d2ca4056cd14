package dev.nsw;

import dev.nsw.cli.NswCommand;
import dev.nsw.gui.WorkbenchLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

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
    private static final Logger LUCENE_LOG = Logger.getLogger("org.apache.lucene");

    private static final Logger DJL_LOG = Logger.getLogger("ai.djl");

    /**
     * DJL probes for CUDA on every engine start and warns "Failed to detect GPU count: CUDA driver version is
     * insufficient" on a machine without an NVIDIA driver — four lines of noise per model load on the CPU
     * machines nsw is made for. A real GPU problem still shows as an error when a GPU device is asked for.
     */
    private static final Logger DJL_CUDA_LOG = Logger.getLogger("ai.djl.util.cuda");

    public static void main(String[] args) {
        // Lucene logs an INFO line about the Vector API on first use; keep stderr for our progress.
        LUCENE_LOG.setLevel(Level.WARNING);
        DJL_LOG.setLevel(Level.WARNING);
        DJL_CUDA_LOG.setLevel(Level.SEVERE);
        // The one place the process promises DJL never downloads (the launcher, installer and tests pass it too).
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (args.length == 0 || "gui".equals(args[0])) {
            String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
            System.exit(gui(rest));
        }
        System.exit(NswCommand.run(args));
    }

    static int gui(String[] args) {
        boolean help =
                Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
        if (!help
                && !hasDisplay(
                        System.getenv("DISPLAY"),
                        System.getenv("WAYLAND_DISPLAY"),
                        System.getProperty("glass.platform"))) {
            System.err.println(NO_DISPLAY);
            return 1;
        }
        if (!help
                && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && !"headless".equalsIgnoreCase(System.getProperty("glass.platform"))
                && !gtkFound(libraryDirs(System.getenv("LD_LIBRARY_PATH")))) {
            System.err.println(NO_GTK);
            return 1;
        }
        return WorkbenchLauncher.launch(args);
    }

    static final String NO_GTK = "nsw: the workbench needs GTK 3 (libgtk-3.so.0), which is not installed: "
            + "sudo apt-get install libgtk-3-0 (Debian/Ubuntu) or sudo dnf install gtk3 (Fedora). "
            + "Meanwhile ./nsw demo runs the whole pipeline in the terminal.";

    /** The folders Linux loads shared libraries from, LD_LIBRARY_PATH first. */
    static List<Path> libraryDirs(String ldLibraryPath) {
        List<Path> dirs = new ArrayList<>();
        if (ldLibraryPath != null) {
            for (String d : ldLibraryPath.split(":")) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        for (String d : new String[] {
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/lib/x86_64-linux-gnu",
            "/lib/aarch64-linux-gnu",
            "/usr/lib64",
            "/usr/lib",
            "/lib64",
            "/lib",
            "/usr/local/lib"
        }) {
            dirs.add(Path.of(d));
        }
        return dirs;
    }

    /** True when a GTK 3 library is in one of the folders (JavaFX's Linux window toolkit dies with a stack trace without it). */
    static boolean gtkFound(List<Path> dirs) {
        return dirs.stream().anyMatch(d -> Files.exists(d.resolve("libgtk-3.so.0")));
    }

    /** True when there is an X11 or Wayland display, or JavaFX's headless platform was asked for. */
    static boolean hasDisplay(String display, String waylandDisplay, String glassPlatform) {
        return (display != null && !display.isBlank())
                || (waylandDisplay != null && !waylandDisplay.isBlank())
                || "headless".equalsIgnoreCase(glassPlatform);
    }
}
