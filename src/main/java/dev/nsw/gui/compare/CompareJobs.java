package dev.nsw.gui.compare;

import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.gui.ModelChoice;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.gui.WorkspaceEpoch;
import dev.nsw.gui.task.JobHandle;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.retrieval.HybridEvaluation;
import dev.nsw.workspace.CompareRuns;
import dev.nsw.workspace.Workspace;
import dev.nsw.workspace.WorkspaceEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Compare's runs of the evaluation set — BM25, a dense model, hybrid — each a background job wired to the core
 * service that makes it ({@link CompareRuns}, {@link HybridEvaluation}); a finished run joins the {@link RunTable}
 * with its settings.
 */
final class CompareJobs {
    private final WorkbenchModel model;
    private final RunTable table;
    private final ObjectProperty<ModelChoice> denseChoice = new SimpleObjectProperty<>(this, "denseChoice");
    private final BooleanProperty denseRunning = new SimpleBooleanProperty(this, "denseRunning");
    private final BooleanProperty hybridRunning = new SimpleBooleanProperty(this, "hybridRunning");
    private final BooleanProperty engineBm25Running = new SimpleBooleanProperty(this, "engineBm25Running");
    private final BooleanProperty engineDenseRunning = new SimpleBooleanProperty(this, "engineDenseRunning");

    CompareJobs(WorkbenchModel model, RunTable table) {
        this.model = model;
        this.table = table;
        denseChoice.set(
                model.catalogue().models().isEmpty()
                        ? null
                        : model.catalogue().models().getFirst());
    }

    /** The model to run on the test set (Compare panel's choice). */
    ObjectProperty<ModelChoice> denseChoiceProperty() {
        return denseChoice;
    }

    BooleanBinding canRunBm25() {
        return Bindings.createBooleanBinding(
                () -> model.evalSetProperty().get() != null
                        && model.bm25Property().get() != null,
                model.evalSetProperty(),
                model.bm25Property());
    }

    BooleanBinding canRunDense() {
        return Bindings.createBooleanBinding(
                () -> model.evalSetProperty().get() != null && !denseRunning.get(),
                model.evalSetProperty(),
                denseRunning);
    }

    BooleanBinding canRunHybrid() {
        return Bindings.createBooleanBinding(
                () -> model.evalSetProperty().get() != null
                        && model.bm25Property().get() != null
                        && !hybridRunning.get(),
                model.evalSetProperty(),
                model.bm25Property(),
                hybridRunning);
    }

    /** Recalls the top {@code RECALL_NUM} of every test query with the current BM25 index ({@link CompareRuns#bm25}). */
    JobHandle runBm25() {
        RetrievalDataset set = model.evalSetProperty().get();
        Bm25Index index = model.bm25Property().get();
        if (set == null || index == null) {
            model.statusProperty().set("Build the BM25 index in the Index panel first.");
            return JobHandle.notStarted();
        }
        String name = CompareRuns.bm25Name(index);
        WorkspaceEpoch epoch = model.epoch();
        return model.executor()
                .job(
                        "BM25 recall on " + set.name(),
                        (progress, cancel) -> scored(name, set, CompareRuns.bm25(index, set, progress, cancel)))
                .onlyWhile(epoch::sameWorkspace)
                .onSuccess(this::add)
                .onFailure(error -> model.dialogs().showError("BM25 recall failed", error))
                .start();
    }

    /**
     * Recalls the top {@code RECALL_NUM} of every test query with a dense model over an exact index of the corpus, as
     * {@code nsw recall} does ({@link CompareRuns#dense}); the corpus vectors come from the workspace's saved
     * embeddings when the Index panel (or an earlier run) made them with the same model and settings.
     */
    JobHandle runDense(ModelChoice m) {
        RetrievalDataset set = model.evalSetProperty().get();
        if (set == null || m == null || m.isFolderPicker() || denseRunning.get()) {
            return JobHandle.notStarted();
        }
        Workspace ws = model.currentProperty().get();
        WorkspaceEpoch epoch = model.epoch();
        EncoderOptions options = model.encoderOptions(m);
        dev.nsw.text.PassageWindows passages = model.passageWindows(m);
        String name = CompareViewModel.denseRunName(m) + readingSuffix(options, passages);
        denseRunning.set(true);
        return model.executor()
                .job("Dense recall: " + m.label(), (progress, cancel) -> {
                    try (TextEncoder encoder = open(m, options, progress)) {
                        VectorIndex index = corpusIndex(encoder, m, set, passages, ws, progress, cancel);
                        return scored(
                                name, set, CompareRuns.dense(encoder, index, denseModel(m), set, ws, progress, cancel));
                    }
                })
                .onlyWhile(epoch::sameWorkspace) // another workspace was opened meanwhile
                .onSuccess(this::add)
                .onFailure(error -> model.dialogs().showError("Dense recall failed", error))
                .onFinished(() -> denseRunning.set(false))
                .start();
    }

    /**
     * A hybrid run of the test queries with the current BM25 index and the dense model {@code m}, through the
     * service {@code nsw recall --mode hybrid} calls ({@link HybridEvaluation}). For
     * {@link CompareViewModel.HybridKind#CONVEX_TUNED} the weight is tuned for nDCG@10 on the workspace's dev
     * split ({@link CompareRuns#tunedOnDevSplit}; never the test set) and saved in the run's settings with the
     * curve; the run's name shows it.
     */
    JobHandle runHybrid(ModelChoice m, CompareViewModel.HybridKind kind) {
        RetrievalDataset set = model.evalSetProperty().get();
        Bm25Index bm25 = model.bm25Property().get();
        if (set == null || bm25 == null) {
            model.statusProperty()
                    .set(
                            "Build the BM25 index in the Index panel first: a hybrid run fuses BM25 with the dense model.");
            return JobHandle.notStarted();
        }
        if (m == null || m.isFolderPicker() || hybridRunning.get()) {
            return JobHandle.notStarted();
        }
        Workspace ws = model.currentProperty().get();
        WorkspaceEpoch epoch = model.epoch();
        EncoderOptions options = model.encoderOptions(m);
        dev.nsw.text.PassageWindows passages = model.passageWindows(m);
        String pair = "BM25 " + bm25.options().analyzer().cliName() + " + "
                + CompareViewModel.denseRunName(m).substring("dense ".length()) + readingSuffix(options, passages);
        hybridRunning.set(true);
        return model.executor()
                .job(kind + ": " + m.label(), (progress, cancel) -> {
                    try (TextEncoder encoder = open(m, options, progress)) {
                        VectorIndex index = corpusIndex(encoder, m, set, passages, ws, progress, cancel);
                        HybridEvaluation.Plan plan = switch (kind) {
                            case LABEL_FREE -> CompareRuns.labelFree();
                            case RRF -> CompareRuns.rrf();
                            case CONVEX_TUNED -> CompareRuns.tunedOnDevSplit(ws, set);
                        };
                        CompareRuns.MadeHybrid h = CompareRuns.hybrid(
                                bm25, encoder, index, denseModel(m), set, plan, ws, progress, cancel);
                        String name = hybridRunName(h.result(), pair);
                        Scored made = scored(
                                name, set, new CompareRuns.Made(h.result().run(), h.settings()));
                        return new Scored(
                                made.run(), made.settings(), h.result().labelFree());
                    }
                })
                .onlyWhile(epoch::sameWorkspace)
                .onSuccess(made -> {
                    add(made);
                    RunTable.tunedWeight(made.settings()).ifPresent(model::setTunedHybrid);
                    // the exact weight chosen over the test queries (the settings keep two decimals): Search fuses
                    // with it, so its hybrid list for a test query is this run's
                    made.labelFree()
                            .ifPresent(c -> model.setLabelFreeHybrid(new WorkbenchModel.LabelFreeHybrid(
                                    c.method().weight(), c.queries(), c.reason(), m.label())));
                })
                .onFailure(error -> model.dialogs().showError("Hybrid run failed", error))
                .onFinished(() -> hybridRunning.set(false))
                .start();
    }

    /**
     * An int8 or a MaxP run's name says so, so that it stands beside the fp32 (or truncated) run of the same model
     * instead of replacing it.
     */
    private static String readingSuffix(EncoderOptions options, dev.nsw.text.PassageWindows passages) {
        return (options.precision() == dev.nsw.encoder.Precision.FP32
                        ? ""
                        : " " + options.precision().label())
                + (passages == null ? "" : " maxp" + passages.window());
    }

    /** A hybrid run's name in the table: its fusion and where the weight came from, then the pair fused. */
    static String hybridRunName(HybridEvaluation.Result r, String pair) {
        if (r.tuned().isPresent()) {
            var t = r.tuned().get();
            return String.format(
                    Locale.ROOT,
                    "hybrid w %.2f tuned on %s (%s)",
                    t.tuning().weight(),
                    t.source().replaceFirst(" \\(.*", ""),
                    pair);
        }
        if (r.labelFree().isPresent()) {
            return String.format(
                    Locale.ROOT,
                    "hybrid w %.2f label-free (%s)",
                    r.labelFree().get().method().weight(),
                    pair);
        }
        return "hybrid RRF (" + pair + ")";
    }

    /** Whether an engine run ({@code bm25}: BM25, else dense) can start: the workspace names an engine for it. */
    BooleanBinding canRunEngine(boolean bm25) {
        BooleanProperty running = bm25 ? engineBm25Running : engineDenseRunning;
        var named = model.engine().namedProperty();
        return Bindings.createBooleanBinding(
                () -> model.evalSetProperty().get() != null
                        && named.get() != null
                        && (bm25 ? named.get().bm25() : named.get().dense())
                        && !running.get(),
                model.evalSetProperty(),
                named,
                running);
    }

    /**
     * Recalls the top {@code RECALL_NUM} of every test query from the engine index the workspace names, with its BM25
     * ({@link CompareRuns#engineBm25}, the path of {@code nsw bm25 --engine}); scored as the local runs are.
     */
    JobHandle runEngineBm25() {
        RetrievalDataset set = model.evalSetProperty().get();
        WorkspaceEngine engine = model.engine().namedProperty().get();
        if (set == null || engine == null || !engine.bm25() || engineBm25Running.get()) {
            return JobHandle.notStarted();
        }
        String name = "engine BM25 (" + engine.target().index() + ")";
        engineBm25Running.set(true);
        return model.executor()
                .job(
                        "Engine BM25 recall on " + set.name(),
                        (progress, cancel) ->
                                scored(name, set, CompareRuns.engineBm25(engine.target(), set, progress, cancel)))
                .onlyWhile(model.epoch()::sameWorkspace)
                .onSuccess(this::add)
                .onFailure(model.engine()::fail)
                .onFinished(() -> engineBm25Running.set(false))
                .start();
    }

    /**
     * Recalls the top {@code RECALL_NUM} of every test query from the engine index's vectors with the dense model
     * {@code m} (the one the index was pushed with: another is refused in one line), as {@code nsw recall --engine}
     * does ({@link CompareRuns#engineDense}); scored as the local runs are.
     */
    JobHandle runEngineDense(ModelChoice m) {
        RetrievalDataset set = model.evalSetProperty().get();
        WorkspaceEngine engine = model.engine().namedProperty().get();
        if (set == null
                || engine == null
                || !engine.dense()
                || m == null
                || m.isFolderPicker()
                || engineDenseRunning.get()) {
            return JobHandle.notStarted();
        }
        String name = "engine " + CompareViewModel.denseRunName(m) + " ("
                + engine.target().index() + ")";
        EncoderOptions options = model.encoderOptions(m);
        engineDenseRunning.set(true);
        return model.executor()
                .job("Engine dense recall: " + m.label(), (progress, cancel) -> {
                    try (TextEncoder encoder = open(m, options, progress)) {
                        return scored(
                                name,
                                set,
                                CompareRuns.engineDense(
                                        engine.target(),
                                        encoder,
                                        denseModel(m),
                                        dev.nsw.gui.EngineLink.ENGINE_EF,
                                        set,
                                        progress,
                                        cancel));
                    }
                })
                .onlyWhile(model.epoch()::sameWorkspace)
                .onSuccess(this::add)
                .onFailure(model.engine()::fail)
                .onFinished(() -> engineDenseRunning.set(false))
                .start();
    }

    /**
     * Runs BM25 (when its index is built and not yet in the table), the first bundled model (the pretrained
     * baseline) and every model trained in the workspace, one after the other.
     */
    JobHandle runPretrainedAndTrained() {
        List<ModelChoice> todo = new ArrayList<>();
        for (ModelChoice m : model.catalogue().models()) {
            if (m.trained() || todo.isEmpty()) {
                todo.add(m);
            }
        }
        JobHandle chain = JobHandle.succeeded();
        if (model.bm25Property().get() != null
                && table.runs().stream().noneMatch(r -> r.name().startsWith("BM25"))) {
            chain = chain.then(this::runBm25);
        }
        for (ModelChoice m : todo) {
            chain = chain.then(() -> runDense(m));
        }
        return chain;
    }

    /** A run made off the UI thread, scored there too, with the settings that made it. */
    private record Scored(
            RunResult run,
            Map<String, String> settings,
            java.util.Optional<dev.nsw.retrieval.Fusion.LabelFreeChoice> labelFree) {
        Scored(RunResult run, Map<String, String> settings) {
            this(run, settings, java.util.Optional.empty());
        }
    }

    private static Scored scored(String name, RetrievalDataset set, CompareRuns.Made made) {
        return new Scored(new RunResult(name, made.run(), RetrievalMetrics.evaluate(set, made.run())), made.settings());
    }

    /** Lists the run (saved in the workspace) and says its scores in the status bar. */
    private void add(Scored made) {
        table.add(made.run(), made.settings());
        RunResult r = made.run();
        // which fusion, which weight and why: the run's own line (CompareRuns.hybrid writes one for every fusion)
        String tuned = made.settings().containsKey(HybridEvaluation.WHY)
                ? " · " + made.settings().get(HybridEvaluation.WHY)
                : "";
        model.statusProperty()
                .set(
                        "hybrid".equals(made.settings().get("retriever"))
                                ? String.format(
                                        Locale.ROOT,
                                        "%s: Recall@10 %.3f, nDCG@10 %.4f on %,d queries%s",
                                        r.name(),
                                        r.metrics().recall(10),
                                        r.metrics().ndcg10(),
                                        r.metrics().queries(),
                                        tuned)
                                : String.format(
                                        Locale.ROOT,
                                        "%s: Recall@10 %.3f on %,d queries",
                                        r.name(),
                                        r.metrics().recall(10),
                                        r.metrics().queries()));
    }

    private static TextEncoder open(ModelChoice m, EncoderOptions options, ProgressListener progress)
            throws java.io.IOException {
        progress.progress(0, -1, "loading " + m.label());
        return InferenceRuntime.open(m.spec(), options, InferenceRuntime.Choice.AUTO);
    }

    private static CompareRuns.DenseModel denseModel(ModelChoice m) {
        return new CompareRuns.DenseModel(m.label(), m.spec(), m.slug());
    }

    /** The corpus's exact index ({@link CompareRuns#exactCorpusIndex}); counts a corpus embedded from scratch. */
    private VectorIndex corpusIndex(
            TextEncoder encoder,
            ModelChoice m,
            RetrievalDataset set,
            dev.nsw.text.PassageWindows passages,
            Workspace ws,
            ProgressListener progress,
            CancellationToken cancel)
            throws java.io.IOException {
        return CompareRuns.exactCorpusIndex(
                encoder, denseModel(m), set, passages, ws, model::countCorpusEmbedded, progress, cancel);
    }
}
