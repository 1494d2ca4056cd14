package dev.nsw.gui;

import dev.nsw.data.Beir;
import dev.nsw.data.Document;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.ModelFolder;
import dev.nsw.encoder.PretrainedModel;
import dev.nsw.gui.task.TaskExecutor;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.retrieval.Retriever;
import dev.nsw.workspace.ModelForData;
import dev.nsw.workspace.RunLayout;
import dev.nsw.workspace.Workspace;
import dev.nsw.workspace.WorkspaceFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The state the panels share: the open workspace, its evaluation set, the BM25 index, the dense retriever
 * and the dense models on offer, plus the services every view model uses. Changes happen on the UI thread only.
 */
public final class WorkbenchModel {
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final Settings settings;

    private final ReadOnlyObjectWrapper<WorkspaceFiles> workspace = new ReadOnlyObjectWrapper<>(this, "workspace");
    private final ReadOnlyObjectWrapper<Workspace> current = new ReadOnlyObjectWrapper<>(this, "current");
    private final ReadOnlyObjectWrapper<ModelChoice> preferredModel =
            new ReadOnlyObjectWrapper<>(this, "preferredModel");
    private final StringProperty modelWarning = new SimpleStringProperty(this, "modelWarning", "");
    private final List<Consumer<Workspace>> openedListeners = new ArrayList<>();
    /** How many times a corpus was embedded (not read from saved embeddings) since start: shown, and asserted in tests. */
    private final java.util.concurrent.atomic.AtomicInteger corporaEmbedded =
            new java.util.concurrent.atomic.AtomicInteger();

    private final ObjectProperty<RetrievalDataset> evalSet = new SimpleObjectProperty<>(this, "evalSet");
    private final ObjectProperty<Bm25Index> bm25 = new SimpleObjectProperty<>(this, "bm25");
    private final ObjectProperty<Retriever> dense = new SimpleObjectProperty<>(this, "dense");
    private final ObjectProperty<Panel> panel = new SimpleObjectProperty<>(this, "panel", Panel.DATASETS);
    private final StringProperty status = new SimpleStringProperty(this, "status", "Ready");
    private final ObservableList<Path> recentWorkspaces = FXCollections.observableArrayList();
    private final List<Consumer<String>> searchRequests = new ArrayList<>();
    private final List<Consumer<Path>> annotateRequests = new ArrayList<>();
    private final List<Consumer<List<Candidate>>> candidateRequests = new ArrayList<>();
    private final List<java.util.function.BiConsumer<ModelChoice, Runnable>> denseModelRequests = new ArrayList<>();
    private final ObservableList<ModelChoice> models = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<TunedHybrid> tunedHybrid = new ReadOnlyObjectWrapper<>(this, "tunedHybrid");
    private final javafx.beans.property.ReadOnlyBooleanWrapper opening =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "opening");
    private final ReadOnlyObjectWrapper<Path> openingFolder = new ReadOnlyObjectWrapper<>(this, "openingFolder");

    public WorkbenchModel(TaskExecutor executor, DialogService dialogs, Settings settings) {
        this.executor = executor;
        this.dialogs = dialogs;
        this.settings = settings;
        recentWorkspaces.setAll(settings.recentWorkspaces());
        bm25.addListener((obs, old, now) -> closeQuietly(old));
        dense.addListener((obs, old, now) -> {
            if (old instanceof AutoCloseable c && old != now) {
                // Off the FX thread: freeing a model's native memory can take a moment on a busy machine.
                Thread.ofPlatform().daemon().name("nsw-close-model").start(() -> {
                    try {
                        c.close(); // the encoder's native memory
                    } catch (Exception ignored) {
                        // nothing to save
                    }
                });
            }
        });
        rescanModels();
    }

    /**
     * The dense models the panels offer: the bundled pretrained ones, then every trained model in the
     * workspace ({@code runs/<run>/best} and {@code runs/<run>/final}), newest run first.
     */
    public ObservableList<ModelChoice> models() {
        return models;
    }

    /** Re-reads the trained models under the workspace's {@code runs/} folder. */
    public void rescanModels() {
        List<ModelChoice> all = new ArrayList<>();
        for (dev.nsw.encoder.PretrainedModel m : dev.nsw.encoder.PretrainedModel.values()) {
            all.add(ModelChoice.bundled(m));
        }
        WorkspaceFiles ws = workspace.get();
        if (ws != null) {
            Path runs = ws.folder().resolve(RUNS);
            try {
                for (Path m : RunLayout.trainedModels(runs)) {
                    all.add(ModelChoice.folder(m, ws.folder()));
                }
            } catch (IOException e) {
                status.set("Cannot list " + runs + ": " + e.getMessage());
            }
        }
        for (ModelChoice extra : models) {
            if (!all.contains(extra)
                    && !extra.isFolderPicker()
                    && !extra.label().startsWith(RUNS + java.io.File.separator)) {
                all.add(extra); // folders picked by hand stay
            }
        }
        models.setAll(all);
    }

    /** Adds a model (e.g. a folder picked by hand) to {@link #models()} unless it is there. */
    public ModelChoice addModel(ModelChoice m) {
        if (!models.contains(m)) {
            models.add(m);
        }
        return m;
    }

    /** Folder of training runs inside the workspace. */
    public static final String RUNS = Workspace.RUNS;
    /** Folder of saved indexes inside the workspace. */
    public static final String INDEXES = Workspace.INDEXES;

    /** {@code <workspace>/<name>}, or null without a workspace. */
    public Path workspaceFolder(String name) {
        WorkspaceFiles ws = workspace.get();
        return ws == null ? null : ws.folder().resolve(name);
    }

    /** Asks the Index panel to build a dense index with {@code m} and make it the Search panel's dense side. */
    public void requestDenseModel(ModelChoice m, Runnable then) {
        denseModelRequests.forEach(r -> r.accept(m, then));
    }

    public void onDenseModelRequest(java.util.function.BiConsumer<ModelChoice, Runnable> listener) {
        denseModelRequests.add(listener);
    }

    public TaskExecutor executor() {
        return executor;
    }

    public DialogService dialogs() {
        return dialogs;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Opens a workspace folder (recipe files or a BEIR folder): reads its evaluation set and settings off
     * the UI thread, picks its dense model (the one remembered for it, else the bundled model of the
     * corpus's script) and checks that model's vocabulary against the corpus; then makes it current,
     * closes what belonged to the previous workspace and tells every panel ({@link #onWorkspaceOpened}) to
     * reset or restore itself from this workspace alone.
     */
    public void openWorkspace(Path folder, Runnable then) {
        opening.set(true);
        openingFolder.set(folder);
        executor.submit(
                "Open " + folder.getFileName(),
                (progress, cancel) -> {
                    progress.progress(0, -1, "scanning " + folder);
                    Workspace ws = Workspace.open(folder);
                    WorkspaceFiles files = ws.files();
                    RetrievalDataset set = null;
                    if (files.beir()) {
                        progress.progress(0, -1, "reading the BEIR folder");
                        set = Beir.load(folder, "test", ReadOptions.LENIENT);
                    } else if (files.testPairs() != null && files.corpus() != null) {
                        progress.progress(
                                0,
                                -1,
                                "reading " + files.testPairs().getFileName() + " and "
                                        + files.corpus().getFileName());
                        set = RetrievalDataset.readRecipe(files.testPairs(), files.corpus(), ReadOptions.LENIENT);
                    }
                    ModelChoice choice = null;
                    String warning = "";
                    if (set != null) {
                        List<String> texts = set.corpus().documents().stream()
                                .map(Document::text)
                                .toList();
                        choice = rememberedModel(ws).orElse(ModelChoice.bundled(ModelForData.bundledFor(texts)));
                        progress.progress(0, -1, "checking " + choice.label() + "'s vocabulary against the corpus");
                        warning = ModelForData.warning(
                                        choice.label(), choice.spec(), ModelForData.coverage(choice.spec(), texts))
                                .orElse("");
                    }
                    return new Loaded(ws, set, choice, warning);
                },
                loaded -> {
                    opening.set(false);
                    Workspace ws = loaded.workspace();
                    tunedHybrid.set(null);
                    bm25.set(null);
                    dense.set(null);
                    current.set(ws);
                    workspace.set(ws.files());
                    rescanModels();
                    ModelChoice choice = loaded.model() == null
                            ? (models.isEmpty() ? null : models.getFirst())
                            : addModel(loaded.model());
                    preferredModel.set(choice);
                    modelWarning.set(loaded.warning());
                    evalSet.set(loaded.set());
                    if (loaded.model() != null) {
                        rememberModel(loaded.model());
                    }
                    settings.addRecentWorkspace(folder);
                    recentWorkspaces.setAll(settings.recentWorkspaces());
                    openedListeners.forEach(l -> l.accept(ws));
                    String opened = loaded.set() == null
                            ? "Opened " + folder + " (no test.csv + corpus.csv: no evaluation set)"
                            : String.format(
                                    Locale.ROOT,
                                    "Opened %s: %,d documents, %,d test queries; dense model %s",
                                    folder,
                                    loaded.set().corpus().size(),
                                    loaded.set().queries().size(),
                                    choice == null ? "none" : choice.label());
                    status.set(loaded.warning().isEmpty() ? opened : opened + " — warning: " + loaded.warning());
                    then.run();
                },
                error -> {
                    opening.set(false);
                    dialogs.showError("Cannot open " + folder, error);
                },
                () -> opening.set(false));
    }

    /** True from {@link #openWorkspace} until the workspace is loaded (or failed): the window shows a progress state. */
    public javafx.beans.property.ReadOnlyBooleanProperty openingProperty() {
        return opening.getReadOnlyProperty();
    }

    /** The folder being (or last) opened. */
    public ReadOnlyObjectProperty<Path> openingFolderProperty() {
        return openingFolder.getReadOnlyProperty();
    }

    /**
     * A convex hybrid weight tuned on this workspace's dev split (by a Compare run): the dense weight, the split,
     * and the dense model it was tuned with.
     */
    public record TunedHybrid(double weight, String source, String modelLabel) {}

    /** The latest weight tuned in the open workspace, or null: the Search panel offers it beside RRF. */
    public ReadOnlyObjectProperty<TunedHybrid> tunedHybridProperty() {
        return tunedHybrid.getReadOnlyProperty();
    }

    public void setTunedHybrid(TunedHybrid t) {
        tunedHybrid.set(t);
    }

    private record Loaded(Workspace workspace, RetrievalDataset set, ModelChoice model, String warning) {}

    /** The model remembered for this workspace, when it still exists (a bundled name or a model folder). */
    private static java.util.Optional<ModelChoice> rememberedModel(Workspace ws) {
        return ws.setting(Workspace.MODEL).flatMap(spec -> {
            java.util.Optional<PretrainedModel> bundled = PretrainedModel.byName(spec);
            if (bundled.isPresent()) {
                return java.util.Optional.of(ModelChoice.bundled(bundled.get()));
            }
            Path p = Path.of(spec);
            return ModelFolder.isModel(p)
                    ? java.util.Optional.of(ModelChoice.folder(p, ws.folder()))
                    : java.util.Optional.empty();
        });
    }

    /** Remembers {@code m} as this workspace's dense model (reopening the workspace starts with it). */
    public void rememberModel(ModelChoice m) {
        Workspace ws = current.get();
        if (ws != null && m != null && !m.isFolderPicker()) {
            try {
                ws.putSetting(Workspace.MODEL, m.spec());
            } catch (RuntimeException e) {
                status.set("Cannot remember the model in " + ws.folder() + ": " + e.getMessage());
            }
        }
    }

    /**
     * Runs when a workspace has been opened (UI thread), after the shared state is set: every panel resets
     * what it shows and restores what this workspace saved.
     */
    public void onWorkspaceOpened(Consumer<Workspace> listener) {
        openedListeners.add(listener);
    }

    /** The open workspace (layout, settings), or null. */
    public ReadOnlyObjectProperty<Workspace> currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** The dense model chosen for the open workspace: remembered, else the one matching the corpus's script. */
    public ReadOnlyObjectProperty<ModelChoice> preferredModelProperty() {
        return preferredModel.getReadOnlyProperty();
    }

    /** A warning when the chosen model's vocabulary covers the corpus poorly, else empty. */
    public StringProperty modelWarningProperty() {
        return modelWarning;
    }

    /** Counts one corpus embedded from scratch (any thread). */
    public void countCorpusEmbedded() {
        corporaEmbedded.incrementAndGet();
    }

    /** How many times a corpus was embedded from scratch (not read from saved embeddings) since start. */
    public int corporaEmbedded() {
        return corporaEmbedded.get();
    }

    /** Switches to the Search panel and runs {@code query} there. */
    public void openInSearch(String query) {
        panel.set(Panel.SEARCH);
        searchRequests.forEach(r -> r.accept(query));
    }

    public void onSearchRequest(Consumer<String> listener) {
        searchRequests.add(listener);
    }

    /** Switches to the Annotate panel with a labelled-pair file. */
    public void openInAnnotate(Path labeledFile) {
        panel.set(Panel.ANNOTATE);
        annotateRequests.forEach(r -> r.accept(labeledFile));
    }

    public void onAnnotateRequest(Consumer<Path> listener) {
        annotateRequests.add(listener);
    }

    /** A document to judge for a query (a search hit). */
    public record Candidate(String query, String docId, String text) {}

    /** Switches to the Annotate panel with search hits to judge. */
    public void annotateCandidates(List<Candidate> candidates) {
        panel.set(Panel.ANNOTATE);
        candidateRequests.forEach(r -> r.accept(List.copyOf(candidates)));
    }

    public void onCandidatesRequest(Consumer<List<Candidate>> listener) {
        candidateRequests.add(listener);
    }

    public ReadOnlyObjectProperty<WorkspaceFiles> workspaceProperty() {
        return workspace.getReadOnlyProperty();
    }

    public ObjectProperty<RetrievalDataset> evalSetProperty() {
        return evalSet;
    }

    public ObjectProperty<Bm25Index> bm25Property() {
        return bm25;
    }

    public ObjectProperty<Retriever> denseProperty() {
        return dense;
    }

    public ObjectProperty<Panel> panelProperty() {
        return panel;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public ObservableList<Path> recentWorkspaces() {
        return recentWorkspaces;
    }

    /** The bundled samples, the first one opened on a first start (sample-data/README.md describes each). */
    public static final List<String> SAMPLE_NAMES = List.of("zh-helpdesk", "zh", "en-beir");

    /**
     * The bundled sample workspace opened on a first start: {@code sample-data/zh-helpdesk}, where a
     * one-minute training run visibly lifts recall on held-out queries; null when it is not there.
     */
    public static Path sampleWorkspace() {
        return sampleWorkspaces().stream().findFirst().orElse(null);
    }

    /**
     * The bundled samples found under {@code -Dnsw.home} (set by {@code ./nsw}), else under the working
     * directory, in {@link #SAMPLE_NAMES} order.
     */
    public static List<Path> sampleWorkspaces() {
        String home = System.getProperty("nsw.home");
        Path root =
                home != null && !home.isBlank() ? Path.of(home) : Path.of("").toAbsolutePath();
        return SAMPLE_NAMES.stream()
                .map(n -> root.resolve("sample-data").resolve(n))
                .filter(Files::isDirectory)
                .toList();
    }

    private static void closeQuietly(Bm25Index index) {
        if (index != null) {
            try {
                index.close();
            } catch (IOException ignored) {
                // an in-memory index: nothing to lose
            }
        }
    }
}
