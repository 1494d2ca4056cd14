package dev.nsw.gui;

import java.util.List;
import javafx.application.Application;

/**
 * Starts the desktop app. Kept apart from {@link WorkbenchApp} because JavaFX refuses to launch an
 * {@code Application} subclass that is the main class on the class path.
 */
public final class WorkbenchLauncher {
    private static volatile GuiOptions options = new GuiOptions(null, false, null);
    private static volatile int exitCode;

    private WorkbenchLauncher() {}

    /** Runs the app until its window closes; returns the exit code (non-zero when a smoke test failed). */
    public static int launch(String[] args) {
        List<String> list = List.of(args);
        if (list.contains("-h") || list.contains("--help")) {
            System.out.print(GuiOptions.USAGE);
            return 0;
        }
        try {
            options = GuiOptions.parse(list);
        } catch (IllegalArgumentException e) {
            System.err.println("nsw: error: " + e.getMessage());
            return 2;
        }
        Application.launch(WorkbenchApp.class);
        return exitCode;
    }

    static GuiOptions options() {
        return options;
    }

    static void setExitCode(int code) {
        exitCode = code;
    }
}
