package dev.nsw.gui;

import dev.nsw.gui.task.FxTaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX application: builds the {@link MainWindow} and, for automated runs, drives it. */
public final class WorkbenchApp extends Application {
    /** Preferences node; overridable ({@code -Dnsw.prefs=...}) so test runs do not touch a user's settings. */
    static final String PREFS_NODE = System.getProperty("nsw.prefs", "dev/nsw/workbench");

    @Override
    public void start(Stage stage) {
        // Show a window at once: building the panels loads many classes, which took seconds on a busy machine
        // while the window stayed black. The real scene replaces this one on the next pulse.
        javafx.scene.control.ProgressIndicator spinner = new javafx.scene.control.ProgressIndicator();
        spinner.setMaxSize(56, 56);
        javafx.scene.layout.VBox splash = new javafx.scene.layout.VBox(
                12,
                new javafx.scene.control.Label("Neural Search Workbench"),
                spinner,
                new javafx.scene.control.Label("Starting…"));
        splash.setAlignment(javafx.geometry.Pos.CENTER);
        stage.setScene(new javafx.scene.Scene(splash, 1280, 820));
        stage.setTitle("Neural Search Workbench");
        stage.show();
        Platform.runLater(() -> build(stage));
    }

    private void build(Stage stage) {
        GuiOptions options = WorkbenchLauncher.options();
        Settings settings = options.automated() ? Settings.inMemory() : Settings.preferences(PREFS_NODE);
        FxDialogService fxDialogs = new FxDialogService(stage);
        DialogService dialogs = options.automated() ? failingDialogs(fxDialogs) : fxDialogs;
        MainWindow window = new MainWindow(stage, settings, new FxTaskExecutor(), dialogs);
        window.restoreBounds();
        stage.show();
        if (options.smokeTest()) {
            AutoRun.smokeTest(window, options.workspace());
        } else if (options.screenshotDir() != null && System.getProperty(AutoRun.ENGINE_SHOTS) != null) {
            AutoRun.engineScreenshots(
                    window,
                    options.workspace(),
                    Path.of(System.getProperty(AutoRun.ENGINE_SHOTS)),
                    options.screenshotDir());
        } else if (options.screenshotDir() != null) {
            AutoRun.screenshots(window, options.workspace(), options.screenshotDir());
        } else {
            // A newcomer should see results at once: index the start workspace with BM25 and the bundled
            // dense model in the background (seconds on the sample; Cancel in the status bar).
            window.openStartWorkspace(options.workspace())
                    .then(window.index()::buildBm25)
                    .then(window.index()::buildDense);
        }
    }

    /** In automated runs an error dialog would wait for nobody: report it and exit 1 instead. */
    private static DialogService failingDialogs(DialogService delegate) {
        return new DialogService() {
            @Override
            public void showError(String title, Throwable error) {
                AutoRun.fail(title + ": " + ErrorMessages.oneLine(error), error);
            }

            @Override
            public void showInfo(String title, String message) {
                System.err.println("nsw: " + title + ": " + message);
            }

            @Override
            public boolean confirm(String title, String message, String proceed) {
                System.err.println("nsw: " + title + ": " + message + " (" + proceed + ")");
                return true; // a scripted run goes on
            }

            @Override
            public List<Path> chooseFiles(String title) {
                return List.of();
            }

            @Override
            public Optional<Path> chooseFolder(String title) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> chooseSaveFile(String title, String initialName, String extension) {
                return Optional.empty();
            }
        };
    }

    static void exit(int code) {
        WorkbenchLauncher.setExitCode(code);
        Platform.exit();
    }
}
