package dev.nsw.gui.index;

import dev.nsw.data.Corpus;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.gui.ModelChoice;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.gui.WorkspaceEpoch;
import dev.nsw.gui.task.JobHandle;
import dev.nsw.gui.task.RunningJob;
import dev.nsw.index.IndexKind;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.lexical.LexicalAnalyzer;
import dev.nsw.retrieval.DenseIndexBuild;
import dev.nsw.retrieval.DenseRecall.IndexSpec;
import dev.nsw.retrieval.DenseRetriever;
import dev.nsw.workspace.SavedBm25;
import dev.nsw.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Index panel: builds the BM25 index of the evaluation set's corpus with
 * {@link Bm25Index#buildInMemory} (what {@code nsw bm25} does without {@code --index}), with progress and
 * Cancel; and the dense index ({@link DenseIndexBuild}, what {@code nsw index} runs): embed the corpus
 * with the chosen model (or read the workspace's saved embeddings), build HNSW (or exact) over the vectors,
 * measure the ANN recall@10 against exact search on the test queries, save it to
 * {@code <workspace>/indexes/dense-<model>} and make it the Search panel's dense side.
 */
public final class IndexViewModel {
    /** "auto" in the analyzer choice: {@link LexicalAnalyzer#autoFor} decides, as in the CLI. */
    public static final String AUTO = LexicalAnalyzer.AUTO;

    private final WorkbenchModel model;
    private final ObjectProperty<String> analyzer = new SimpleObjectProperty<>(this, "analyzer", AUTO);
    private final DoubleProperty k1 = new SimpleDoubleProperty(this, "k1", Bm25Options.DEFAULT_K1);
    private final DoubleProperty b = new SimpleDoubleProperty(this, "b", Bm25Options.DEFAULT_B);
    private final BooleanProperty building = new SimpleBooleanProperty(this, "building");
    /** Where the current BM25 index lives: "saved to indexes/…", "reloaded from indexes/…", "in memory". */
    private final javafx.beans.property.StringProperty bm25Where =
            new javafx.beans.property.SimpleStringProperty(this, "bm25Where", "");

    /** The kinds of dense index offered ({@link IndexKind#id()}), HNSW first. */
    public static final List<String> DENSE_KINDS =
            java.util.Arrays.stream(IndexKind.values()).map(IndexKind::id).toList();
    /** ANN recall is measured at this K. */
    public static final int ANN_K = 10;

    private final ObjectProperty<ModelChoice> denseModel = new SimpleObjectProperty<>(this, "denseModel");
    private final ObjectProperty<String> denseKind = new SimpleObjectProperty<>(this, "denseKind", IndexKind.HNSW.id());
    private final IntegerProperty m =
            new SimpleIntegerProperty(this, "m", IndexSpec.recipeHnsw().m());
    private final IntegerProperty efConstruction = new SimpleIntegerProperty(
            this, "efConstruction", IndexSpec.recipeHnsw().efConstruction());
    private final IntegerProperty ef =
            new SimpleIntegerProperty(this, "ef", IndexSpec.recipeHnsw().ef());
    private final BooleanProperty denseBuilding = new SimpleBooleanProperty(this, "denseBuilding");
    private final ReadOnlyObjectWrapper<RunningJob> denseJob = new ReadOnlyObjectWrapper<>(this, "denseJob");
    private final ReadOnlyObjectWrapper<DenseBuild> lastDenseBuild =
            new ReadOnlyObjectWrapper<>(this, "lastDenseBuild");
    private final ReadOnlyStringWrapper denseStatus =
            new ReadOnlyStringWrapper(this, "denseStatus", "No dense index yet.");

    /** One saved index or embeddings file, as the panel lists it. */
    public record SavedItem(String kind, String name, long bytes) {
        @Override
        public String toString() {
            return kind + "   " + name + "   " + humanBytes(bytes);
        }
    }

    private final javafx.collections.ObservableList<SavedItem> saved =
            javafx.collections.FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper savedSummary = new ReadOnlyStringWrapper(this, "savedSummary", "");

    private final EngineViewModel engine;

    public IndexViewModel(WorkbenchModel model) {
        this.model = model;
        this.engine = new EngineViewModel(model);
        denseModel.set(
                model.catalogue().models().isEmpty()
                        ? null
                        : model.catalogue().models().getFirst());
        model.requests().serveDenseModelRequests(choice -> {
            model.catalogue().add(choice);
            denseModel.set(choice);
            return buildDense();
        });
        model.onWorkspaceOpened(this::opened);
    }

    /** A workspace was opened: forget the last one's dense build, list what this one saved, reload its index. */
    private void opened(Workspace ws) {
        lastDenseBuild.set(null);
        denseStatus.set("No dense index yet.");
        bm25Where.set("");
        denseModel.set(model.catalogue().preferredProperty().get());
        refreshSaved();
        reloadSavedBm25(ws);
        reloadSavedIndex(ws);
    }

    /**
     * Reopens the BM25 index saved in the workspace for its corpus ({@link SavedBm25#reopen}) as the panels' BM25
     * index: a switch to another workspace and back finds it, as it finds the dense index.
     */
    private void reloadSavedBm25(Workspace ws) {
        RetrievalDataset set = model.evalSetProperty().get();
        if (set == null || ws.setting(SavedBm25.SETTING).isEmpty()) {
            return;
        }
        WorkspaceEpoch epoch = model.epoch();
        model.executor()
                .job("Reload the BM25 index", (progress, cancel) -> SavedBm25.reopen(ws, set.corpus()))
                .onlyWhile(epoch::isCurrent, found -> found.ifPresent(IndexViewModel::closeQuietly))
                .onSuccess(found -> found.ifPresent(index -> {
                    bm25Where.set("reloaded from " + ws.folder().relativize(SavedBm25.folder(ws, index.options())));
                    model.bm25Property().set(index);
                }))
                .onFailure(error -> model.statusProperty()
                        .set("The saved BM25 index was not reloaded: " + error.getMessage()
                                + " (Build makes a new one)"))
                .start();
    }

    private static void closeQuietly(Bm25Index index) {
        try {
            index.close();
        } catch (java.io.IOException ignored) {
            // a read-only index: nothing to lose
        }
    }

    /**
     * The max_seq_length the dense model reads the corpus and the queries with, one for every panel (Index and
     * Compare choose it; every dense run records it).
     */
    public dev.nsw.gui.ReadingLength reading() {
        return model.reading();
    }

    /** The precision the dense model runs in (fp32, or int8 on ONNX Runtime), one for every panel. */
    public dev.nsw.gui.ReadingPrecision precision() {
        return model.precision();
    }

    /** Whether long documents are read as passages (MaxP), one choice for every panel. */
    public dev.nsw.gui.ReadingPassages passages() {
        return model.passages();
    }

    /** The Engine section: an engine index named as the workspace's, its status, and a local cluster. */
    public EngineViewModel engine() {
        return engine;
    }

    /** Re-reads the list of saved indexes and embeddings of the open workspace. */
    public void refreshSaved() {
        Workspace ws = model.currentProperty().get();
        List<Workspace.Saved> list = ws == null ? List.of() : ws.saved();
        saved.setAll(list.stream()
                .map(s -> new SavedItem(s.kind(), s.name(), s.bytes()))
                .toList());
        long bytes = list.stream().mapToLong(Workspace.Saved::bytes).sum();
        savedSummary.set(
                list.isEmpty()
                        ? "Nothing saved in this workspace yet: dense builds save their embeddings and index here."
                        : String.format(
                                Locale.ROOT,
                                "Saved in this workspace: %d item%s, %s",
                                list.size(),
                                list.size() == 1 ? "" : "s",
                                humanBytes(bytes)));
    }

    public static String humanBytes(long bytes) {
        return bytes < 1024 * 1024
                ? String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    /**
     * Loads the saved dense index of the workspace's model (HNSW first, else exact) as the Search panel's
     * dense side: the encoder is opened for the queries, the corpus is not embedded again. An index of
     * another model or corpus is left alone (the build replaces it).
     */
    private void reloadSavedIndex(Workspace ws) {
        RetrievalDataset set = model.evalSetProperty().get();
        ModelChoice choice = denseModel.get();
        if (set == null || choice == null || choice.isFolderPicker()) {
            return;
        }
        dev.nsw.encoder.EncoderOptions options = model.encoderOptions(choice);
        Path dir = DENSE_KINDS.stream()
                .map(k -> ws.denseIndex(choice.slug(), k))
                .filter(d -> java.nio.file.Files.isRegularFile(d.resolve(dev.nsw.index.IndexFiles.METADATA_FILE)))
                .findFirst()
                .orElse(null);
        if (dir == null) {
            return;
        }
        denseStatus.set("Reloading the saved dense index " + dir.getFileName() + "…");
        WorkspaceEpoch epoch = model.epoch();
        model.executor()
                .job(
                        "Reload " + dir.getFileName(),
                        (progress, cancel) -> DenseIndexJobs.reload(choice, options, dir, set, progress))
                .onlyWhile(epoch::isCurrent, DenseRetriever::close) // another workspace was opened meanwhile
                .onSuccess(retriever -> {
                    model.denseProperty().set(retriever);
                    var idx = retriever.index();
                    lastDenseBuild.set(DenseIndexJobs.reloaded(choice, retriever, dir, options.maxSeqLength()));
                    denseStatus.set(String.format(
                            Locale.ROOT,
                            "Dense %s index reloaded from %s: %,d vectors × %d dims, model %s%s (no embedding needed)",
                            idx.kind(),
                            dir,
                            idx.size(),
                            idx.dimensions(),
                            choice.label(),
                            idx.passages()
                                    .map(p -> ", MaxP: passages of " + p.window() + " tokens")
                                    .orElse("")));
                })
                .onFailure(error -> denseStatus.set("The saved index " + dir.getFileName() + " was not reloaded: "
                        + error.getMessage() + " (Build makes a new one)"))
                .start();
    }

    /** The model list with the "folder…" entry at the end. */
    public javafx.collections.ObservableList<ModelChoice> denseModelChoices() {
        javafx.collections.ObservableList<ModelChoice> out = javafx.collections.FXCollections.observableArrayList();
        Runnable fill = () -> {
            List<ModelChoice> all = new java.util.ArrayList<>(model.catalogue().models());
            all.add(ModelChoice.FOLDER);
            out.setAll(all);
        };
        fill.run();
        model.catalogue().models().addListener((javafx.collections.ListChangeListener<ModelChoice>) c -> fill.run());
        return out;
    }

    /** Asks for a model folder (the "folder…" entry); selects it when one is chosen, else keeps the old choice. */
    public void pickModelFolder(ModelChoice previous) {
        var picked =
                model.dialogs().chooseFolder("Choose a model folder (config.json, model.safetensors, tokenizer.json)");
        Path base = model.workspaceFolder(".");
        denseModel.set(picked.map(
                        p -> model.catalogue().add(ModelChoice.folder(p, base == null ? null : base.normalize())))
                .orElse(previous));
    }

    public BooleanBinding canBuildDense() {
        return Bindings.createBooleanBinding(
                () -> model.evalSetProperty().get() != null
                        && !denseBuilding.get()
                        && denseModel.get() != null
                        && !denseModel.get().isFolderPicker(),
                model.evalSetProperty(),
                denseBuilding,
                denseModel);
    }

    /** The index settings as the core takes them. */
    public IndexSpec denseSpec() {
        return IndexKind.of(denseKind.get()) == IndexKind.EXACT
                ? IndexSpec.exact()
                : IndexSpec.hnsw(m.get(), efConstruction.get(), ef.get());
    }

    /**
     * Builds the dense index off the UI thread; on success it becomes the Search panel's dense retriever and
     * is saved under the workspace.
     */
    public JobHandle buildDense() {
        RetrievalDataset set = model.evalSetProperty().get();
        ModelChoice choice = denseModel.get();
        if (set == null || choice == null || choice.isFolderPicker() || denseBuilding.get()) {
            return JobHandle.notStarted();
        }
        IndexSpec spec = denseSpec();
        Workspace ws = model.currentProperty().get();
        Path dir = ws == null ? null : ws.denseIndex(choice.slug(), spec.kind());
        model.catalogue().remember(choice);
        dev.nsw.encoder.EncoderOptions options = model.encoderOptions(choice);
        dev.nsw.text.PassageWindows passages = model.passageWindows(choice);
        WorkspaceEpoch epoch = model.epoch();
        denseBuilding.set(true);
        denseStatus.set("Building the " + spec.kind() + " index with " + choice.label() + "…");
        JobHandle handle = model.executor()
                .job(
                        "Dense index (" + choice.label() + ")",
                        (progress, cancel) -> DenseIndexJobs.build(
                                choice,
                                options,
                                passages,
                                spec,
                                set,
                                ws,
                                dir,
                                model::countCorpusEmbedded,
                                progress,
                                cancel))
                .onlyWhile(epoch::isCurrent, built -> built.retriever().close()) // another workspace was opened
                .onSuccess(built -> {
                    model.denseProperty().set(built.retriever());
                    lastDenseBuild.set(built.build());
                    denseStatus.set(
                            built.warning().isEmpty()
                                    ? built.build().describe()
                                    : "Warning: " + built.warning() + "\n"
                                            + built.build().describe());
                    refreshSaved();
                    model.statusProperty()
                            .set("Dense index ready: " + built.retriever().name());
                })
                .onFailure(error -> {
                    denseStatus.set("Dense index build failed: " + error.getMessage());
                    model.dialogs().showError("Cannot build the dense index", error);
                })
                .onCancelled(() -> {
                    denseStatus.set("Dense index build cancelled.");
                    model.statusProperty().set("Dense index build cancelled");
                })
                .onFinished(() -> {
                    denseBuilding.set(false);
                    denseJob.set(null);
                })
                .start();
        if (denseBuilding.get()) {
            denseJob.set(handle.job());
        }
        return handle;
    }

    /** Cancels the dense build in progress, if any. */
    public void cancelDense() {
        RunningJob job = denseJob.get();
        if (job != null) {
            job.cancel();
        }
    }

    public List<String> analyzerChoices() {
        List<String> names = new java.util.ArrayList<>();
        names.add(AUTO);
        for (LexicalAnalyzer a : LexicalAnalyzer.values()) {
            names.add(a.cliName());
        }
        return names;
    }

    public BooleanBinding canBuild() {
        return Bindings.createBooleanBinding(
                () -> model.evalSetProperty().get() != null && !building.get(), model.evalSetProperty(), building);
    }

    /**
     * Builds the index off the UI thread and makes it the current BM25 index; with a workspace open it is saved there
     * ({@link SavedBm25}) and reopened with the workspace.
     */
    public JobHandle buildBm25() {
        RetrievalDataset set = model.evalSetProperty().get();
        if (set == null || building.get()) {
            return JobHandle.notStarted();
        }
        Corpus corpus = set.corpus();
        String choice = analyzer.get();
        float k1v = (float) k1.get();
        float bv = (float) b.get();
        Workspace ws = model.currentProperty().get();
        WorkspaceEpoch epoch = model.epoch();
        building.set(true);
        return model.executor()
                .job("Build BM25 index", (progress, cancel) -> {
                    LexicalAnalyzer a = LexicalAnalyzer.choose(choice, corpus);
                    Bm25Options options = new Bm25Options(a, k1v, bv);
                    return ws == null
                            ? Bm25Index.buildInMemory(corpus, options, progress, cancel)
                            : SavedBm25.build(ws, corpus, options, progress, cancel);
                })
                .onlyWhile(epoch::isCurrent, IndexViewModel::closeQuietly) // another workspace was opened meanwhile
                .onSuccess(index -> {
                    bm25Where.set(
                            ws == null
                                    ? "in memory"
                                    : "saved to " + ws.folder().relativize(SavedBm25.folder(ws, index.options())));
                    model.bm25Property().set(index);
                    model.statusProperty().set(describe(index, bm25Where.get()));
                    refreshSaved();
                })
                .onFailure(error -> model.dialogs().showError("Cannot build the BM25 index", error))
                .onCancelled(() -> model.statusProperty().set("BM25 index build cancelled"))
                .onFinished(() -> building.set(false))
                .start();
    }

    public StringBinding indexStatus() {
        return Bindings.createStringBinding(
                () -> {
                    Bm25Index index = model.bm25Property().get();
                    if (model.evalSetProperty().get() == null) {
                        return "No evaluation set: open a workspace (test.csv + corpus.csv) or a BEIR folder in Datasets.";
                    }
                    return index == null
                            ? "No BM25 index yet for "
                                    + model.evalSetProperty().get().name() + "."
                            : describe(index, bm25Where.get());
                },
                model.bm25Property(),
                model.evalSetProperty(),
                bm25Where);
    }

    static String describe(Bm25Index index, String where) {
        return String.format(
                Locale.ROOT,
                "BM25 index: %,d documents, analyzer %s, k1 %.2f, b %.2f, built in %.2f s%s",
                index.documents(),
                index.options().analyzer().cliName(),
                index.options().k1(),
                index.options().b(),
                index.buildSeconds(),
                where.isEmpty() ? "" : " (" + where + ")");
    }

    public ObjectProperty<String> analyzerProperty() {
        return analyzer;
    }

    public DoubleProperty k1Property() {
        return k1;
    }

    public DoubleProperty bProperty() {
        return b;
    }

    public BooleanProperty buildingProperty() {
        return building;
    }

    public ObjectProperty<ModelChoice> denseModelProperty() {
        return denseModel;
    }

    public ObjectProperty<String> denseKindProperty() {
        return denseKind;
    }

    /** True while the chosen kind has no HNSW settings to set (an exact index): M and the efs are off. */
    public BooleanBinding hnswSettingsOff() {
        return Bindings.createBooleanBinding(
                () -> denseKind.get() != null && IndexKind.of(denseKind.get()) == IndexKind.EXACT, denseKind);
    }

    public IntegerProperty mProperty() {
        return m;
    }

    public IntegerProperty efConstructionProperty() {
        return efConstruction;
    }

    public IntegerProperty efProperty() {
        return ef;
    }

    public BooleanProperty denseBuildingProperty() {
        return denseBuilding;
    }

    public ReadOnlyObjectProperty<RunningJob> denseJobProperty() {
        return denseJob.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DenseBuild> lastDenseBuildProperty() {
        return lastDenseBuild.getReadOnlyProperty();
    }

    /** A warning when the workspace's model covers its corpus poorly (empty when fine). */
    public javafx.beans.property.StringProperty modelWarningProperty() {
        return model.modelWarningProperty();
    }

    /** The indexes and embeddings saved in the open workspace. */
    public javafx.collections.ObservableList<SavedItem> saved() {
        return saved;
    }

    public ReadOnlyStringProperty savedSummaryProperty() {
        return savedSummary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty denseStatusProperty() {
        return denseStatus.getReadOnlyProperty();
    }
}
