package dev.nsw.gui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Dialogs on the desktop. Errors show one line ({@link ErrorMessages#oneLine}) with the cause chain and
 * trace folded into "Show Details"; the dialog does not block the caller.
 */
public final class FxDialogService implements DialogService {
    private final Window owner;
    private Path lastFolder;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    @Override
    public void showError(String title, Throwable error) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle("Neural Search Workbench");
        alert.setHeaderText(title);
        alert.setContentText(ErrorMessages.oneLine(error));
        TextArea details = new TextArea(ErrorMessages.details(error));
        details.setEditable(false);
        details.setWrapText(false);
        details.setPrefRowCount(14);
        GridPane.setVgrow(details, Priority.ALWAYS);
        GridPane.setHgrow(details, Priority.ALWAYS);
        GridPane pane = new GridPane();
        pane.add(new Label("Details:"), 0, 0);
        pane.add(details, 0, 1);
        alert.getDialogPane().setExpandableContent(pane);
        alert.getDialogPane().getStyleClass().add("error-dialog");
        alert.show();
    }

    @Override
    public void showInfo(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle("Neural Search Workbench");
        alert.setHeaderText(title);
        alert.setContentText(message);
        alert.show();
    }

    @Override
    public boolean confirm(String title, String message, String proceed) {
        javafx.scene.control.ButtonType go =
                new javafx.scene.control.ButtonType(proceed, javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.ButtonType keep =
                new javafx.scene.control.ButtonType("Cancel", javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, message, keep, go);
        alert.initOwner(owner);
        alert.setTitle("Neural Search Workbench");
        alert.setHeaderText(title);
        // the safe answer is the default: Enter keeps the labels
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(go)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(keep)).setDefaultButton(true);
        return alert.showAndWait().filter(go::equals).isPresent();
    }

    @Override
    public List<Path> chooseFiles(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters()
                .addAll(
                        new FileChooser.ExtensionFilter(
                                "Recipe data files (*.csv, *.tsv, *.txt)", "*.csv", "*.tsv", "*.txt"),
                        new FileChooser.ExtensionFilter("All files", "*"));
        initial(chooser::setInitialDirectory);
        List<File> files = chooser.showOpenMultipleDialog(owner);
        if (files == null || files.isEmpty()) {
            return List.of();
        }
        lastFolder = files.getFirst().toPath().getParent();
        return files.stream().map(File::toPath).toList();
    }

    @Override
    public Optional<Path> chooseFolder(String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        initial(chooser::setInitialDirectory);
        File dir = chooser.showDialog(owner);
        if (dir == null) {
            return Optional.empty();
        }
        lastFolder = dir.toPath();
        return Optional.of(dir.toPath());
    }

    @Override
    public Optional<Path> chooseSaveFile(String title, String initialName, String extension) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(initialName);
        chooser.getExtensionFilters()
                .add(new FileChooser.ExtensionFilter(
                        extension.toUpperCase(java.util.Locale.ROOT) + " (*." + extension + ")", "*." + extension));
        initial(chooser::setInitialDirectory);
        File f = chooser.showSaveDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f.toPath().getParent();
        return Optional.of(f.toPath());
    }

    private void initial(java.util.function.Consumer<File> setter) {
        if (lastFolder != null && lastFolder.toFile().isDirectory()) {
            setter.accept(lastFolder.toFile());
        }
    }
}
