package dev.nsw.gui.train;

import dev.nsw.data.ReadOptions;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.eval.MetricsReport;
import dev.nsw.gui.ModelChoice;
import dev.nsw.gui.Panel;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.gui.task.RunningJob;
import dev.nsw.gui.task.UiBatcher;
import dev.nsw.train.MlmMasking;
import dev.nsw.train.Trainer;
import dev.nsw.train.TrainingConfig;
import dev.nsw.train.TrainingJob;
import dev.nsw.train.TrainingListener;
import dev.nsw.workspace.RunLayout;
import dev.nsw.workspace.WorkspaceFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Train panel: runs {@link TrainingJob} — the job {@code nsw train} runs — on the workspace's training file
 * (in-batch: {@code train.csv}; SimCSE and MLM: {@code train_unsupervise.csv}) with {@code dev.csv} against
 * {@code corpus.csv} as the dev set, into {@code <workspace>/runs/<strategy>-<timestamp>}. Start, Cancel
 * (the run stops between steps and keeps its last checkpoint) and Resume (from that checkpoint). The
 * trainer's events reach the charts through a {@link UiBatcher}: one hand-over per ~100 ms, not one per step.
 */
public final class TrainViewModel {
    /**
     * The core {@link dev.nsw.train.Strategy} with a title for the form: views may not see core types
     * (ArchitectureTest), so this is their presentation; every rule stays in the core enum.
     */
    public enum Strategy {
        IN_BATCH_NEGATIVES("In-batch negatives (supervised pairs)", dev.nsw.train.Strategy.INBATCH),
        SIMCSE("SimCSE (unsupervised text)", dev.nsw.train.Strategy.SIMCSE),
        ERNIE_SEARCH_MLM("Domain-adaptive MLM pre-training", dev.nsw.train.Strategy.MLM);

        private final String title;
        private final dev.nsw.train.Strategy core;

        Strategy(String title, dev.nsw.train.Strategy core) {
            this.title = title;
            this.core = core;
        }

        public dev.nsw.train.Strategy core() {
            return core;
        }

        /** The workspace file this strategy trains on. */
        public String trainFile() {
            return core.workspaceTrainFile();
        }

        @Override
        public String toString() {
            return title;
        }
    }

    /** One optimisation step, for the loss and learning-rate charts. */
    public record Point(long step, double loss, double learningRate) {}

    /** One dev-set evaluation, for the Recall@K chart (epoch 0: before training). */
    public record EvalPoint(long step, int epoch, double recall1, double recall5, double recall10, boolean best) {}

    private record Started(String stage, long firstStep, long totalSteps) {}

    private record Checkpoint(long step, Path folder) {}

    private final WorkbenchModel model;
    private final ObjectProperty<Strategy> strategy =
            new SimpleObjectProperty<>(this, "strategy", Strategy.IN_BATCH_NEGATIVES);
    private final ObjectProperty<ModelChoice> baseModel = new SimpleObjectProperty<>(this, "baseModel");
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", 3);
    private final IntegerProperty batchSize = new SimpleIntegerProperty(this, "batchSize", 64);
    private final IntegerProperty maxSeqLength = new SimpleIntegerProperty(this, "maxSeqLength", 64);
    private final IntegerProperty outputEmbSize = new SimpleIntegerProperty(this, "outputEmbSize", 256);
    private final DoubleProperty learningRate = new SimpleDoubleProperty(this, "learningRate", 5e-5);
    private final DoubleProperty warmupProportion = new SimpleDoubleProperty(this, "warmupProportion", 0.0);
    private final DoubleProperty weightDecay = new SimpleDoubleProperty(this, "weightDecay", 0.0);
    private final DoubleProperty margin = new SimpleDoubleProperty(this, "margin", 0.2);
    private final DoubleProperty scale = new SimpleDoubleProperty(this, "scale", 30);
    private final IntegerProperty maxSteps = new SimpleIntegerProperty(this, "maxSteps", 0);
    private final IntegerProperty trainLimit = new SimpleIntegerProperty(this, "trainLimit", 0);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyObjectWrapper<RunningJob> job = new ReadOnlyObjectWrapper<>(this, "job");
    private final ReadOnlyObjectWrapper<Path> runDir = new ReadOnlyObjectWrapper<>(this, "runDir");
    private final ReadOnlyBooleanWrapper canResume = new ReadOnlyBooleanWrapper(this, "canResume");
    private final ReadOnlyStringWrapper runStatus =
            new ReadOnlyStringWrapper(this, "runStatus", "No training run yet.");
    private final ReadOnlyStringWrapper runTitle = new ReadOnlyStringWrapper(this, "runTitle", "no training run");
    private final ObservableList<Point> points = FXCollections.observableArrayList();
    private final ObservableList<EvalPoint> evaluations = FXCollections.observableArrayList();
    /** The step a failed run stopped at (its last reported step), -1 while no run has failed: the charts mark it. */
    private final javafx.beans.property.ReadOnlyLongWrapper failedAtStep =
            new javafx.beans.property.ReadOnlyLongWrapper(this, "failedAtStep", -1);

    private UiBatcher<Object> batcher;
    /** Bumped when a workspace opens: callbacks of runs started before it change nothing on screen. */
    private long generation;
    /** The running job's token, known from its first line on (before submit returns, with an inline executor). */
    private volatile dev.nsw.job.CancellationToken activeToken;

    public TrainViewModel(WorkbenchModel model) {
        this.model = model;
        baseModel.set(model.models().isEmpty() ? null : model.models().getFirst());
        strategy.addListener((o, old, now) -> {
            if (now != null) {
                TrainingConfig d = now.core().defaults();
                epochs.set(d.epochs());
                margin.set(d.margin());
                scale.set(d.scale());
            }
        });
        model.workspaceProperty().addListener((o, old, ws) -> {
            runDir.set(
                    ws == null
                            ? null
                            : RunLayout.latestResumable(ws.folder().resolve(WorkbenchModel.RUNS))
                                    .map(RunLayout::dir)
                                    .orElse(null));
            updateCanResume();
        });
        model.onWorkspaceOpened(ws -> {
            // a run of the last workspace keeps going in its own folder, but nothing of it shows here any more
            generation++;
            if (running.get()) {
                RunningJob j = job.get();
                if (j != null) {
                    j.cancel();
                }
                running.set(false);
                job.set(null);
            }
            points.clear();
            evaluations.clear();
            failedAtStep.set(-1);
            runTitle.set("no training run");
            runDir.set(RunLayout.latestResumable(ws.runs()).map(RunLayout::dir).orElse(null));
            runStatus.set(
                    runDir.get() == null
                            ? "No training run yet."
                            : "Run " + runDir.get().getFileName()
                                    + " of this workspace can be resumed from its checkpoint.");
            baseModel.set(model.preferredModelProperty().get());
            updateCanResume();
        });
        runDir.addListener(o -> updateCanResume());
        running.addListener(o -> updateCanResume());
    }

    private void updateCanResume() {
        Path dir = runDir.get();
        canResume.set(!running.get() && dir != null && Trainer.hasCheckpoint(dir));
    }

    public BooleanBinding canStart() {
        return Bindings.createBooleanBinding(
                () -> model.workspaceProperty().get() != null
                        && !running.get()
                        && baseModel.get() != null
                        && !baseModel.get().isFolderPicker(),
                model.workspaceProperty(),
                running,
                baseModel);
    }

    /** The hyper-parameters as the core takes them. */
    public TrainingConfig config() {
        TrainingConfig c = strategy.get()
                .core()
                .defaults()
                .withEpochs(epochs.get())
                .withBatchSize(batchSize.get())
                .withLearningRate(learningRate.get())
                .withWarmupProportion(warmupProportion.get())
                .withWeightDecay((float) weightDecay.get())
                .withMaxSteps(maxSteps.get());
        return strategy.get().core() == dev.nsw.train.Strategy.MLM
                ? c
                : c.withMarginScale((float) margin.get(), (float) scale.get());
    }

    public EncoderOptions encoderOptions() {
        return EncoderOptions.defaults().withMaxSeqLength(maxSeqLength.get()).withOutputEmbSize(outputEmbSize.get());
    }

    /** Starts a new run into {@code runs/<strategy>-<timestamp>}. */
    public void start(Runnable then) {
        WorkspaceFiles ws = model.workspaceProperty().get();
        if (ws == null) {
            return;
        }
        Path dir = RunLayout.newRun(
                        ws.folder().resolve(WorkbenchModel.RUNS), strategy.get().core(), LocalDateTime.now())
                .dir();
        run(ws, dir, false, then);
    }

    /** Continues the last cancelled or interrupted run from its checkpoint. */
    public void resume(Runnable then) {
        WorkspaceFiles ws = model.workspaceProperty().get();
        Path dir = runDir.get();
        if (ws == null || dir == null || !Trainer.hasCheckpoint(dir)) {
            return;
        }
        new RunLayout(dir).strategy().ifPresent(core -> {
            for (Strategy s : Strategy.values()) {
                if (s.core() == core) {
                    strategy.set(s);
                }
            }
        });
        try {
            applyRunSettings(dir);
        } catch (IOException | RuntimeException e) {
            runStatus.set("Cannot read the settings of " + dir.getFileName() + ": " + e.getMessage());
            return;
        }
        run(ws, dir, true, then);
    }

    /**
     * Sets the form to the settings a run was started with ({@code run.json}: its config, base model,
     * max_seq_length and output_emb_size), so that Resume continues that run and not the form's values.
     */
    void applyRunSettings(Path dir) throws IOException {
        RunLayout.Settings r = new RunLayout(dir).settings();
        r.configInt("epochs").ifPresent(epochs::set);
        r.configInt("batchSize").ifPresent(batchSize::set);
        r.configDouble("learningRate").ifPresent(learningRate::set);
        r.configDouble("warmupProportion").ifPresent(warmupProportion::set);
        r.configDouble("weightDecay").ifPresent(weightDecay::set);
        r.configDouble("margin").ifPresent(margin::set);
        r.configDouble("scale").ifPresent(scale::set);
        r.configInt("maxSteps").ifPresent(maxSteps::set);
        r.settingInt("max_seq_length").ifPresent(maxSeqLength::set);
        r.settingInt("output_emb_size").ifPresent(outputEmbSize::set);
        r.settingText("base_model").ifPresent(spec -> {
            ModelChoice m = model.models().stream()
                    .filter(x -> x.spec().equals(spec))
                    .findFirst()
                    .orElseGet(() -> dev.nsw.encoder.PretrainedModel.byName(spec)
                            .map(ModelChoice::bundled)
                            .orElseGet(() -> ModelChoice.folder(Path.of(spec), model.workspaceFolder("."))));
            baseModel.set(model.addModel(m));
        });
    }

    private void run(WorkspaceFiles ws, Path dir, boolean resume, Runnable then) {
        if (running.get()) {
            return;
        }
        Strategy s = strategy.get();
        Path trainFile = ws.folder().resolve(s.trainFile());
        if (!Files.isRegularFile(trainFile)) {
            runStatus.set("No " + s.trainFile() + " in " + ws.folder() + ": " + s + " trains on it.");
            return;
        }
        Path devFile = ws.folder().resolve("dev.csv");
        Path corpus = ws.corpus();
        TrainingConfig config;
        EncoderOptions options;
        try {
            config = config();
            options = encoderOptions();
        } catch (IllegalArgumentException e) {
            runStatus.set("Check the settings: " + e.getMessage());
            return;
        }
        String base = baseModel.get().spec();
        int limit = trainLimit.get();
        failedAtStep.set(-1);
        if (!resume) {
            points.clear();
            evaluations.clear();
        }
        runDir.set(dir);
        runTitle.set(dir.getFileName().toString());
        running.set(true);
        long gen = generation;
        UiBatcher<Object> events = model.executor().batcher(b -> {
            if (gen == generation) {
                apply(b);
            }
        });
        batcher = events;
        runStatus.set((resume ? "Resuming " : "Starting ") + s.core().cliName() + " on " + s.trainFile() + " → " + dir);
        RunningJob handle = model.executor()
                .submit(
                        "Train " + s.core().cliName(),
                        (progress, cancel) -> {
                            activeToken = cancel;
                            RetrievalDataset dev = null;
                            if (Files.isRegularFile(devFile) && corpus != null) {
                                progress.progress(0, -1, "reading dev.csv");
                                dev = RetrievalDataset.readRecipe(devFile, corpus, ReadOptions.LENIENT);
                            }
                            TrainingListener listener = new TrainingListener() {
                                @Override
                                public void onStart(String stage, long firstStep, long totalSteps, int stepsPerEpoch) {
                                    events.offer(new Started(stage, firstStep, totalSteps));
                                    progress.progress(
                                            firstStep, totalSteps, stage + " step " + firstStep + "/" + totalSteps);
                                }

                                @Override
                                public void onStep(StepEvent e) {
                                    events.offer(new Point(e.step(), e.loss(), e.learningRate()));
                                    progress.progress(
                                            e.step(),
                                            e.totalSteps(),
                                            String.format(
                                                    Locale.ROOT,
                                                    "step %d/%d loss %.4f",
                                                    e.step(),
                                                    e.totalSteps(),
                                                    e.loss()));
                                }

                                @Override
                                public void onEvaluation(long step, int epoch, MetricsReport metrics, boolean best) {
                                    if (metrics != null) {
                                        events.offer(evalPoint(step, epoch, metrics, best));
                                    }
                                }

                                @Override
                                public void onBaseline(MetricsReport metrics) {
                                    events.offer(
                                            evalPoint(0, 0, metrics, false)); // the first point of the Recall@K chart
                                }

                                @Override
                                public void onCheckpoint(long step, Path folder) {
                                    events.offer(new Checkpoint(step, folder));
                                }
                            };
                            return new TrainingJob(
                                            s.core(),
                                            base,
                                            options,
                                            config,
                                            trainFile,
                                            dir,
                                            dev,
                                            resume,
                                            limit,
                                            MlmMasking.RECIPE_PROBABILITY,
                                            ReadOptions.LENIENT)
                                    .run(listener, progress, cancel);
                        },
                        outcome -> {
                            if (gen != generation) {
                                return;
                            }
                            finish(events);
                            if (outcome.before() != null && evaluations.stream().noneMatch(p -> p.epoch() == 0)) {
                                evaluations.addFirst(evalPoint(0, 0, outcome.before(), false));
                            }
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
                            then.run();
                        },
                        error -> {
                            if (gen != generation) {
                                return;
                            }
                            finish(events);
                            // keep what was drawn; the charts mark where the run stopped
                            failedAtStep.set(
                                    points.isEmpty() ? 0 : points.getLast().step());
                            runStatus.set("Training failed at step " + failedAtStep.get() + ": " + error.getMessage());
                            model.dialogs().showError("Training failed", error);
                        },
                        () -> {
                            if (gen != generation) {
                                return;
                            }
                            finish(events);
                            runStatus.set("Cancelled after step "
                                    + (points.isEmpty() ? 0 : points.getLast().step())
                                    + (Trainer.hasCheckpoint(dir)
                                            ? "; the last checkpoint is kept: Resume continues from it."
                                            : "; no checkpoint was written yet."));
                            model.statusProperty().set("Training cancelled");
                        });
        if (running.get()) {
            job.set(handle);
        }
    }

    private static EvalPoint evalPoint(long step, int epoch, MetricsReport m, boolean best) {
        return new EvalPoint(step, epoch, m.recall(1), m.recall(5), m.recall(10), best);
    }

    private void finish(UiBatcher<Object> events) {
        events.flush();
        running.set(false);
        job.set(null);
        model.rescanModels();
        updateCanResume();
    }

    /** Applies a batch of trainer events (UI thread): one list change per batch. */
    private void apply(List<Object> batch) {
        List<Point> steps = new java.util.ArrayList<>();
        for (Object e : batch) {
            switch (e) {
                case Point p -> steps.add(p);
                case EvalPoint ep -> {
                    flushSteps(steps);
                    evaluations.add(ep);
                }
                case Started st -> {
                    // resuming: the steps after the checkpoint are run again, so their old points go
                    flushSteps(steps);
                    points.removeIf(p -> p.step() > st.firstStep());
                    evaluations.removeIf(p -> p.step() > st.firstStep() && p.epoch() > 0);
                    runStatus.set(String.format(
                            Locale.ROOT, "Training %s: steps %d–%d", st.stage(), st.firstStep() + 1, st.totalSteps()));
                }
                case Checkpoint c -> runStatus.set("Checkpoint after step " + c.step() + " in " + c.folder());
                default -> {}
            }
        }
        flushSteps(steps);
    }

    private void flushSteps(List<Point> steps) {
        if (!steps.isEmpty()) {
            points.addAll(steps);
            steps.clear();
        }
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
    public void queryLatestModel(Runnable then) {
        Path m = latestModel();
        WorkspaceFiles ws = model.workspaceProperty().get();
        if (m == null || ws == null) {
            runStatus.set("No model written yet: the first one appears after the first epoch's checkpoint.");
            return;
        }
        ModelChoice choice = model.addModel(ModelChoice.folder(m, ws.folder()));
        model.requestDenseModel(choice, () -> {
            model.panelProperty().set(Panel.SEARCH);
            then.run();
        });
    }

    /** Batches handed to the charts so far (at most one per ~100 ms on the desktop). */
    public int chartUpdates() {
        return batcher == null ? 0 : batcher.flushes();
    }

    public ObservableList<ModelChoice> models() {
        return model.models();
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

    public ReadOnlyStringProperty runStatusProperty() {
        return runStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty runTitleProperty() {
        return runTitle.getReadOnlyProperty();
    }

    /** The step a failed run stopped at, -1 when the last run did not fail. */
    public javafx.beans.property.ReadOnlyLongProperty failedAtStepProperty() {
        return failedAtStep.getReadOnlyProperty();
    }

    public ObservableList<Point> points() {
        return points;
    }

    public ObservableList<EvalPoint> evaluations() {
        return evaluations;
    }

    public ObjectProperty<Strategy> strategyProperty() {
        return strategy;
    }

    public ObjectProperty<ModelChoice> baseModelProperty() {
        return baseModel;
    }

    public IntegerProperty epochsProperty() {
        return epochs;
    }

    public IntegerProperty batchSizeProperty() {
        return batchSize;
    }

    public IntegerProperty maxSeqLengthProperty() {
        return maxSeqLength;
    }

    public IntegerProperty outputEmbSizeProperty() {
        return outputEmbSize;
    }

    public DoubleProperty learningRateProperty() {
        return learningRate;
    }

    public DoubleProperty warmupProportionProperty() {
        return warmupProportion;
    }

    public DoubleProperty weightDecayProperty() {
        return weightDecay;
    }

    public DoubleProperty marginProperty() {
        return margin;
    }

    public DoubleProperty scaleProperty() {
        return scale;
    }

    public IntegerProperty maxStepsProperty() {
        return maxSteps;
    }

    public IntegerProperty trainLimitProperty() {
        return trainLimit;
    }
}
