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

/**
 * Bottom bar: the last status message (whole on hover), then one entry per running job — title, progress, ETA and
 * Cancel, each whole; the job's current step is on hover — so two or three jobs fit beside the message at 1024 px.
 */
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
        status.setMinWidth(100); // a long message gives way to the jobs; it is whole on hover
        status.tooltipProperty()
                .bind(javafx.beans.binding.Bindings.createObjectBinding(
                        () -> status.getText() == null || status.getText().isEmpty()
                                ? null
                                : Views.wrapped(status.getText()),
                        status.textProperty()));
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
            bar.setPrefWidth(120);
            bar.setMinWidth(60);
            bar.progressProperty().bind(job.progressProperty());
            Label eta = new Label();
            eta.textProperty().bind(job.etaProperty());
            Button cancel = new Button("Cancel");
            cancel.getStyleClass().add("small");
            cancel.setOnAction(e -> job.cancel());
            for (Region r : java.util.List.of(title, eta, cancel)) {
                r.setMinWidth(Region.USE_PREF_SIZE); // never "ET…" or "…"
            }
            HBox box = new HBox(title, bar, eta, cancel);
            box.getStyleClass().add("job");
            // what the job is doing now ("embedding corpus 1,200 / 5,183"), on hover
            javafx.scene.control.Tooltip step = new javafx.scene.control.Tooltip();
            step.textProperty().bind(job.messageProperty());
            javafx.scene.control.Tooltip.install(box, step);
            jobs.getChildren().add(box);
        }
    }

    Node node() {
        return root;
    }
}
