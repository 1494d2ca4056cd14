package dev.nsw.gui.train;

import dev.nsw.data.ReadOptions;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.gui.ModelChoice;
import dev.nsw.gui.Panel;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.gui.WorkspaceEpoch;
import dev.nsw.gui.task.JobHandle;
import dev.nsw.gui.task.RunningJob;
import dev.nsw.gui.task.UiBatcher;
import dev.nsw.job.CancellationToken;
import dev.nsw.train.Trainer;
import dev.nsw.train.TrainingConfig;
import dev.nsw.train.TrainingJob;
import dev.nsw.train.TrainingListener;
import dev.nsw.workspace.RunLayout;
import dev.nsw.workspace.Workspace;
import dev.nsw.workspace.WorkspaceFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Train panel: runs {@link TrainingJob} — the job {@code nsw train} runs — on the workspace's training file
 * (in-batch: {@code train.csv}; SimCSE and MLM: {@code train_unsupervise.csv}) with {@code dev.csv} against
 * {@code corpus.csv} as the dev set, into {@code <workspace>/runs/<strategy>-<timestamp>}. Start, Cancel
 * (the run stops between steps and keeps its last checkpoint) and Resume (from that checkpoint). The form is
 * {@link TrainFormViewModel}; the trainer's events reach the charts through a {@link UiBatcher} (one hand-over
 * per ~100 ms, not one per step) and {@link TrainingChartSeries}, which turns them into the series.
 */
public final class TrainViewModel {
    private final WorkbenchModel model;
    private final TrainFormViewModel form;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyObjectWrapper<RunningJob> job = new ReadOnlyObjectWrapper<>(this, "job");
    private final ReadOnlyObjectWrapper<Path> runDir = new ReadOnlyObjectWrapper<>(this, "runDir");
    private final ReadOnlyBooleanWrapper canResume = new ReadOnlyBooleanWrapper(this, "canResume");
    private final ReadOnlyStringWrapper runStatus =
            new ReadOnlyStringWrapper(this, "runStatus", "No training run yet.");
    private final ReadOnlyStringWrapper runTitle = new ReadOnlyStringWrapper(this, "runTitle", "no training run");
    private final ReadOnlyStringWrapper devChartNote = new ReadOnlyStringWrapper(this, "devChartNote", DEV_CURVE);
    private final ObservableList<TrainingChartSeries.Point> points = FXCollections.observableArrayList();
    private final ObservableList<TrainingChartSeries.EvalPoint> evaluations = FXCollections.observableArrayList();
    private final TrainingChartSeries charts = new TrainingChartSeries(points, evaluations);
    /** The step a failed run stopped at (its last reported step), -1 while no run has failed: the charts mark it. */
    private final ReadOnlyLongWrapper failedAtStep = new ReadOnlyLongWrapper(this, "failedAtStep", -1);

    private UiBatcher<TrainingChartSeries.Event> batcher;
    /** The running job's token, known from its first line on (before start() returns, with an inline executor). */
    private volatile dev.nsw.job.CancellationToken activeToken;

    public TrainViewModel(WorkbenchModel model) {
        this.model = model;
        this.form = new TrainFormViewModel(model);
        model.workspaceProperty().addListener((o, old, ws) -> {
            runDir.set(
                    ws == null
                            ? null
                            : RunLayout.latestResumable(ws.folder().resolve(Workspace.RUNS))
                                    .map(RunLayout::dir)
                                    .orElse(null));
            updateCanResume();
        });
        model.onWorkspaceOpened(ws -> {
            // a run of the last workspace keeps going in its own folder, but nothing of it shows here any more
            if (running.get()) {
                RunningJob j = job.get();
                if (j != null) {
                    j.cancel();
                }
                running.set(false);
                job.set(null);
            }
            charts.clear();
            failedAtStep.set(-1);
            runTitle.set("no training run");
            runDir.set(RunLayout.latestResumable(ws.runs()).map(RunLayout::dir).orElse(null));
            runStatus.set(
                    runDir.get() == null
                            ? "No training run yet."
                            : "Run " + runDir.get().getFileName()
                                    + " of this workspace can be resumed from its checkpoint.");
            form.baseModelProperty().set(model.catalogue().preferredProperty().get());
            devChartNote.set(hasDevSet(ws.files()) ? DEV_CURVE : NO_DEV_CURVE);
            updateCanResume();
        });
        runDir.addListener(o -> updateCanResume());
        running.addListener(o -> updateCanResume());
    }

    /** The strategy, base model and hyper-parameters of the next run. */
    public TrainFormViewModel form() {
        return form;
    }

    private void updateCanResume() {
        Path dir = runDir.get();
        // a finished run has nothing to resume (RunLayout.resumable): Resume is for a cancelled or crashed one
        canResume.set(!running.get() && dir != null && new RunLayout(dir).resumable());
    }

    public BooleanBinding canStart() {
        return Bindings.createBooleanBinding(
                () -> model.workspaceProperty().get() != null
                        && !running.get()
                        && form.baseModelProperty().get() != null
                        && !form.baseModelProperty().get().isFolderPicker(),
                model.workspaceProperty(),
                running,
                form.baseModelProperty());
    }

    /** Starts a new run into {@code runs/<strategy>-<timestamp>}. */
    public JobHandle start() {
        WorkspaceFiles ws = model.workspaceProperty().get();
        if (ws == null) {
            return JobHandle.notStarted();
        }
        Path dir = RunLayout.newRun(
                        ws.folder().resolve(Workspace.RUNS),
                        form.strategyProperty().get().core(),
                        LocalDateTime.now())
                .dir();
        return run(ws, dir, false);
    }

    /** Continues the last cancelled or interrupted run from its checkpoint. */
    public JobHandle resume() {
        WorkspaceFiles ws = model.workspaceProperty().get();
        Path dir = runDir.get();
        if (ws == null || dir == null || !new RunLayout(dir).resumable()) {
            return JobHandle.notStarted();
        }
        try {
            form.apply(new RunLayout(dir).settings());
        } catch (IOException | RuntimeException e) {
            runStatus.set("Cannot read the settings of " + dir.getFileName() + ": " + e.getMessage());
            return JobHandle.notStarted();
        }
        return run(ws, dir, true);
    }

    /** What a run needs, read from the form and the workspace on the UI thread before it starts. */
    private record Launch(
            TrainFormViewModel.Strategy strategy,
            String baseModel,
            Path trainFile,
            Path devFile,
            Path corpus,
            TrainingConfig config,
            EncoderOptions options,
            int trainLimit,
            Path dir,
            boolean resume) {}

    private JobHandle run(WorkspaceFiles ws, Path dir, boolean resume) {
        if (running.get()) {
            return JobHandle.notStarted();
        }
        Launch launch = launch(ws, dir, resume);
        if (launch == null) {
            return JobHandle.notStarted();
        }
        failedAtStep.set(-1);
        if (!resume) {
            charts.clear();
        }
        runDir.set(dir);
        runTitle.set(dir.getFileName().toString());
        running.set(true);
        WorkspaceEpoch epoch = model.epoch();
        UiBatcher<TrainingChartSeries.Event> events = model.executor().batcher(b -> {
            if (epoch.sameWorkspace()) {
                charts.apply(b).ifPresent(runStatus::set);
            }
        });
        batcher = events;
        runStatus.set(
                (resume ? "Resuming " : "Starting ") + launch.strategy().core().cliName() + " on "
                        + launch.strategy().trainFile() + " → " + dir);
        JobHandle handle = model.executor()
                .job("Train " + launch.strategy().core().cliName(), (progress, cancel) -> {
                    activeToken = cancel;
                    return train(launch, TrainingChartSeries.listener(events::offer, progress), progress, cancel);
                })
                .onlyWhile(epoch::sameWorkspace)
                .onSuccess(outcome -> finished(events, outcome, dir))
                .onFailure(error -> failed(events, error))
                .onCancelled(() -> cancelled(events, dir))
                .start();
        if (running.get()) {
            job.set(handle.job());
        }
        return handle;
    }

    /** The run's inputs and settings, or null (with the reason in the status line) when it cannot start. */
    private Launch launch(WorkspaceFiles ws, Path dir, boolean resume) {
        TrainFormViewModel.Strategy s = form.strategyProperty().get();
        Path trainFile = ws.folder().resolve(s.trainFile());
        if (!Files.isRegularFile(trainFile)) {
            runStatus.set("No " + s.trainFile() + " in " + ws.folder() + ": " + s + " trains on it.");
            return null;
        }
        try {
            return new Launch(
                    s,
                    form.baseModelProperty().get().spec(),
                    trainFile,
                    ws.folder().resolve("dev.csv"),
                    ws.corpus(),
                    form.config(),
                    form.encoderOptions(),
                    form.trainLimitProperty().get(),
                    dir,
                    resume);
        } catch (IllegalArgumentException e) {
            runStatus.set("Check the settings: " + e.getMessage());
            return null;
        }
    }

    /** Off the UI thread: reads the dev set (dev.csv against the corpus, when both are there) and trains. */
    private static TrainingJob.Outcome train(
            Launch l, TrainingListener listener, dev.nsw.job.ProgressListener progress, CancellationToken cancel)
            throws IOException {
        RetrievalDataset dev = null;
        if (Files.isRegularFile(l.devFile()) && l.corpus() != null) {
            progress.progress(0, -1, "reading dev.csv");
            dev = RetrievalDataset.readRecipe(l.devFile(), l.corpus(), ReadOptions.LENIENT);
        }
        return TrainingJob.builder(l.strategy().core(), l.baseModel(), l.trainFile(), l.dir())
                .encoderOptions(l.options())
                .config(l.config())
                .dev(dev)
                .resume(l.resume())
                .trainLimit(l.trainLimit())
                .readOptions(ReadOptions.LENIENT)
                .build()
                .run(listener, progress, cancel);
    }

    private void finished(UiBatcher<TrainingChartSeries.Event> events, TrainingJob.Outcome outcome, Path dir) {
        finish(events);
        charts.addBaselineIfMissing(outcome.before());
        Trainer.Result r = outcome.result();
        runStatus.set(String.format(
                Locale.ROOT,
                "Finished %d steps in %.1f s: loss %.4f → %.4f%s. Model: %s",
                r.steps(),
                r.seconds(),
                r.firstLoss(),
                r.lastLoss(),
                r.bestMetrics() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", best dev Recall@5 %.3f",
                                r.bestMetrics().recall(5)),
                r.bestModel()));
        model.statusProperty().set("Training finished: " + dir.getFileName());
    }

    private void failed(UiBatcher<TrainingChartSeries.Event> events, Throwable error) {
        finish(events);
        // keep what was drawn; the charts mark where the run stopped
        failedAtStep.set(charts.lastStep());
        runStatus.set("Training failed at step " + failedAtStep.get() + ": " + error.getMessage());
        model.dialogs().showError("Training failed", error);
    }

    private void cancelled(UiBatcher<TrainingChartSeries.Event> events, Path dir) {
        finish(events);
        runStatus.set("Cancelled after step "
                + charts.lastStep()
                + (Trainer.hasCheckpoint(dir)
                        ? "; the last checkpoint is kept: Resume continues from it."
                        : "; no checkpoint was written yet."));
        model.statusProperty().set("Training cancelled");
    }

    private void finish(UiBatcher<TrainingChartSeries.Event> events) {
        events.flush();
        running.set(false);
        job.set(null);
        model.catalogue().rescan();
        updateCanResume();
    }

    /** Stops the run at its next step; its last checkpoint stays for Resume. */
    public void cancel() {
        RunningJob j = job.get();
        if (j != null) {
            j.cancel();
        } else if (activeToken != null && running.get()) {
            activeToken.cancel();
        }
    }

    /**
     * The model of the current or last run to query: {@code best/}, else {@code final/}, else the last
     * checkpoint's model; null when the run has written none yet.
     */
    public Path latestModel() {
        Path dir = runDir.get();
        return dir == null ? null : new RunLayout(dir).latestModel().orElse(null);
    }

    /** "Query this checkpoint now": builds a dense index with the run's latest model and opens Search on it. */
    public JobHandle queryLatestModel() {
        Path m = latestModel();
        WorkspaceFiles ws = model.workspaceProperty().get();
        if (m == null || ws == null) {
            runStatus.set("No model written yet: the first one appears after the first epoch's checkpoint.");
            return JobHandle.notStarted();
        }
        ModelChoice choice = model.catalogue().add(ModelChoice.folder(m, ws.folder()));
        return model.requests()
                .requestDenseModel(choice)
                .whenSucceeded(() -> model.requests().panelProperty().set(Panel.SEARCH));
    }

    /** Batches handed to the charts so far (at most one per ~100 ms on the desktop). */
    public int chartUpdates() {
        return batcher == null ? 0 : batcher.flushes();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunningJob> jobProperty() {
        return job.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Path> runDirProperty() {
        return runDir.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canResumeProperty() {
        return canResume.getReadOnlyProperty();
    }

    /** What the empty dev Recall@K chart says: the curve to come, or why there will be none (no dev.csv). */
    public ReadOnlyStringProperty devChartNoteProperty() {
        return devChartNote.getReadOnlyProperty();
    }

    static final String DEV_CURVE = "Dev Recall@K before training (epoch 0) and after each epoch";
    static final String NO_DEV_CURVE = "No dev Recall@K curve: this workspace has no dev.csv (query \\t similar text)"
            + " scored against corpus.csv; add one to see Recall@K before training and after each epoch";

    /** What {@link #train} scores per epoch: dev.csv against the corpus, when both are there. */
    private static boolean hasDevSet(WorkspaceFiles ws) {
        return ws.corpus() != null && Files.isRegularFile(ws.folder().resolve("dev.csv"));
    }

    public ReadOnlyStringProperty runStatusProperty() {
        return runStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty runTitleProperty() {
        return runTitle.getReadOnlyProperty();
    }

    /** The step a failed run stopped at, -1 when the last run did not fail. */
    public ReadOnlyLongProperty failedAtStepProperty() {
        return failedAtStep.getReadOnlyProperty();
    }

    public ObservableList<TrainingChartSeries.Point> points() {
        return points;
    }

    public ObservableList<TrainingChartSeries.EvalPoint> evaluations() {
        return evaluations;
    }
}
