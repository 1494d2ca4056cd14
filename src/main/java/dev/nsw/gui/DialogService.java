package dev.nsw.gui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What view models may ask of the user: show an error or a note, pick files. The desktop implementation
 * ({@link FxDialogService}) shows dialogs; tests record the calls and answer with prepared paths.
 */
public interface DialogService {
    /** Shows a one-line message for {@code error} with its details folded away. */
    void showError(String title, Throwable error);

    void showInfo(String title, String message);

    /**
     * Asks before something is lost (e.g. labels not yet exported when another workspace is opened): true when the
     * user chose {@code proceed} (e.g. "Discard and open"), false when they chose to keep what they have.
     */
    boolean confirm(String title, String message, String proceed);

    List<Path> chooseFiles(String title);

    Optional<Path> chooseFolder(String title);

    /**
     * Asks where to save.
     *
     * @param extension without the dot, e.g. {@code csv}
     */
    Optional<Path> chooseSaveFile(String title, String initialName, String extension);
}
