package dev.nsw.gui;

import dev.nsw.gui.task.RunningJob;
import dev.nsw.gui.task.TaskExecutor;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** Bottom bar: the last status message, then one entry per running job (title, progress, ETA, Cancel). */
final class StatusBar {
    private final HBox root = new HBox();
    private final HBox jobs = new HBox(14);

    StatusBar(WorkbenchModel model, TaskExecutor executor) {
        root.getStyleClass().add("status-bar");
        root.setId("status-bar");
        root.setAlignment(Pos.CENTER_LEFT);
        Label status = new Label();
        status.setId("status-message");
        status.textProperty().bind(model.statusProperty());
        status.setMinWidth(100);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        jobs.setId("status-jobs");
        jobs.setAlignment(Pos.CENTER_RIGHT);
        root.getChildren().addAll(status, spacer, jobs);
        executor.running().addListener((ListChangeListener<RunningJob>) c -> rebuild(executor));
    }

    private void rebuild(TaskExecutor executor) {
        jobs.getChildren().clear();
        for (RunningJob job : executor.running()) {
            Label title = new Label(job.title());
            title.setStyle("-fx-font-weight: bold;");
            ProgressBar bar = new ProgressBar();
            bar.setPrefWidth(140);
            bar.progressProperty().bind(job.progressProperty());
            Label message = new Label();
            message.textProperty().bind(job.messageProperty());
            message.setMaxWidth(220);
            Label eta = new Label();
            eta.textProperty().bind(job.etaProperty());
            Button cancel = new Button("Cancel");
            cancel.getStyleClass().add("small");
            cancel.setOnAction(e -> job.cancel());
            HBox box = new HBox(title, bar, message, eta, cancel);
            box.getStyleClass().add("job");
            jobs.getChildren().add(box);
        }
    }

    Node node() {
        return root;
    }
}
