package dev.nsw.gui;

import dev.nsw.data.Beir;
import dev.nsw.data.Document;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.gui.task.JobHandle;
import dev.nsw.gui.task.TaskExecutor;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.retrieval.Retriever;
import dev.nsw.workspace.ModelForData;
import dev.nsw.workspace.Workspace;
import dev.nsw.workspace.WorkspaceFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The state the panels share: the open workspace, its evaluation set, the BM25 index, the dense retriever, the
 * models on offer ({@link ModelCatalogue}) and what panels ask of each other ({@link PanelRequests}), plus the
 * services every view model uses. Opening a workspace resets every panel ({@link #onWorkspaceOpened}). Changes
 * happen on the UI thread only.
 */
public final class WorkbenchModel {
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final Settings settings;

    private final ReadOnlyObjectWrapper<WorkspaceFiles> workspace = new ReadOnlyObjectWrapper<>(this, "workspace");
    private final ReadOnlyObjectWrapper<Workspace> current = new ReadOnlyObjectWrapper<>(this, "current");
    private final StringProperty modelWarning = new SimpleStringProperty(this, "modelWarning", "");
    private final Listeners<Workspace> opened = new Listeners<>();
    /** Workspaces opened so far: a {@link WorkspaceEpoch} compares it. */
    private long openings;
    /** How many times a corpus was embedded (not read from saved embeddings) since start: shown, and asserted in tests. */
    private final java.util.concurrent.atomic.AtomicInteger corporaEmbedded =
            new java.util.concurrent.atomic.AtomicInteger();

    private final ObjectProperty<RetrievalDataset> evalSet = new SimpleObjectProperty<>(this, "evalSet");
    private final ReadingLength reading = new ReadingLength(current.getReadOnlyProperty());
    private final ReadingPrecision precision = new ReadingPrecision(current.getReadOnlyProperty());
    private final ReadingPassages passages = new ReadingPassages(current.getReadOnlyProperty());
    private final ObjectProperty<Bm25Index> bm25 = new SimpleObjectProperty<>(this, "bm25");
    private final ObjectProperty<Retriever> dense = new SimpleObjectProperty<>(this, "dense");
    private final StringProperty status = new SimpleStringProperty(this, "status", "Ready");
    private final ObservableList<Path> recentWorkspaces = FXCollections.observableArrayList();
    private final PanelRequests requests = new PanelRequests();
    private final ModelCatalogue catalogue;
    private final ReadOnlyObjectWrapper<TunedHybrid> tunedHybrid = new ReadOnlyObjectWrapper<>(this, "tunedHybrid");
    private final ReadOnlyObjectWrapper<LabelFreeHybrid> labelFreeHybrid =
            new ReadOnlyObjectWrapper<>(this, "labelFreeHybrid");
    private final javafx.beans.property.ReadOnlyBooleanWrapper opening =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "opening");
    private final ReadOnlyObjectWrapper<Path> openingFolder = new ReadOnlyObjectWrapper<>(this, "openingFolder");
    private final EngineLink engine = new EngineLink(this);

    public WorkbenchModel(TaskExecutor executor, DialogService dialogs, Settings settings) {
        this.executor = executor;
        this.dialogs = dialogs;
        this.settings = settings;
        recentWorkspaces.setAll(settings.recentWorkspaces());
        catalogue = new ModelCatalogue(current.getReadOnlyProperty(), status);
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
    }

    /**
     * How the panels' dense encoders read texts with model {@code m} (the workspace's max_seq_length, at most what
     * {@code m} can read, and its precision: fp32, or int8 on ONNX Runtime): captured on the UI thread when a job starts, so a corpus, its queries and a search are embedded alike in every panel — and found again in the
     * workspace's embedding cache, whose key holds the length.
     */
    public dev.nsw.encoder.EncoderOptions encoderOptions(ModelChoice m) {
        int length = reading.forModel(m);
        var defaults = dev.nsw.encoder.EncoderOptions.defaults();
        // a batch's activations grow with its tokens: long texts go fewer at a time (32 × 128 tokens at most), so
        // reading at 512 takes no more memory than at 128 (the batch sets how many texts go through at once, not what
        // each is read as). The encoders' default batch of 8 keeps within it up to 512 tokens; the cap bites for a
        // longer reading or a larger default
        int batch = Math.max(1, Math.min(defaults.batchSize(), BATCH_TOKENS / length));
        return defaults.withMaxSeqLength(length)
                .withBatchSize(batch)
                .withPrecision(precision.precisionProperty().get());
    }

    /** Tokens an embedding batch of the workbench holds at most (batch × max_seq_length). */
    static final int BATCH_TOKENS = 32 * 128;

    /** The max_seq_length the panels' dense encoders read the open workspace with (Index, Compare, Search, Map, Scores). */
    public ReadingLength reading() {
        return reading;
    }

    /** The precision the panels' dense encoders run in for the open workspace (fp32, or int8 on ONNX Runtime). */
    public ReadingPrecision precision() {
        return precision;
    }

    /** Whether the panels' dense encoders read long documents as passages (MaxP) in the open workspace. */
    public ReadingPassages passages() {
        return passages;
    }

    /**
     * The passage windows model {@code m} cuts the corpus into (MaxP, windows of the length {@link #encoderOptions}
     * reads), or null when documents are read once: captured on the UI thread when a job starts, with the options.
     */
    public dev.nsw.text.PassageWindows passageWindows(ModelChoice m) {
        return passages.windows(reading.forModel(m));
    }

    /** Which dense models the panels offer, and the one preferred for the open workspace. */
    public ModelCatalogue catalogue() {
        return catalogue;
    }

    /** The engine index the open workspace names as its dense and/or BM25 index, and the connection to it. */
    public EngineLink engine() {
        return engine;
    }

    /** What one panel asks of another (open in Search, in Annotate, a dense model), and the panel shown. */
    public PanelRequests requests() {
        return requests;
    }

    /** {@code <workspace>/<name>}, or null without a workspace. */
    public Path workspaceFolder(String name) {
        WorkspaceFiles ws = workspace.get();
        return ws == null ? null : ws.folder().resolve(name);
    }

    /** What the panels show now: a job's result checks it before it shows ({@link WorkspaceEpoch}). */
    public WorkspaceEpoch epoch() {
        return new WorkspaceEpoch(this, openings, evalSet.get());
    }

    long openings() {
        return openings;
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
    public JobHandle openWorkspace(Path folder) {
        for (java.util.function.Predicate<Path> guard : openingGuards) {
            if (!guard.test(folder)) {
                status.set("Kept "
                        + (workspace.get() == null
                                ? "the workspace"
                                : workspace.get().folder()) + " open.");
                return JobHandle.notStarted();
            }
        }
        opening.set(true);
        openingFolder.set(folder);
        return executor.job("Open " + folder.getFileName(), (progress, cancel) -> load(folder, progress))
                .onSuccess(loaded -> show(folder, loaded))
                .onFailure(error -> dialogs.showError("Cannot open " + folder, error))
                .onFinished(() -> opening.set(false))
                .start();
    }

    /** Reads a workspace off the UI thread: its layout, evaluation set, dense model and that model's coverage. */
    private static Loaded load(Path folder, ProgressListener progress) throws IOException {
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
        ReadingLength.CorpusLengths lengths = null;
        if (set != null) {
            List<String> texts =
                    set.corpus().documents().stream().map(Document::text).toList();
            choice = ModelCatalogue.remembered(ws).orElse(ModelChoice.bundled(ModelForData.bundledFor(texts)));
            progress.progress(0, -1, "checking " + choice.label() + "'s vocabulary against the corpus");
            warning = ModelForData.warning(choice.label(), choice.spec(), ModelForData.coverage(choice.spec(), texts))
                    .orElse("");
            progress.progress(0, -1, "measuring the corpus's token lengths with " + choice.label() + "'s tokenizer");
            lengths = ReadingLength.measure(choice, texts);
        }
        ReadingLength.Choice reading = ReadingLength.forWorkspace(ws, choice, lengths);
        return new Loaded(
                ws,
                set,
                choice,
                warning,
                reading,
                ReadingPrecision.forWorkspace(ws),
                ReadingPassages.forWorkspace(ws, reading));
    }

    /** Makes a loaded workspace current: the last one's state goes, every panel resets from this one. */
    private void show(Path folder, Loaded loaded) {
        openings++;
        Workspace ws = loaded.workspace();
        tunedHybrid.set(null);
        labelFreeHybrid.set(null);
        bm25.set(null);
        dense.set(null);
        current.set(ws);
        workspace.set(ws.files());
        catalogue.rescan();
        ModelChoice choice = loaded.model() == null
                ? (catalogue.models().isEmpty() ? null : catalogue.models().getFirst())
                : catalogue.add(loaded.model());
        catalogue.setPreferred(choice);
        modelWarning.set(loaded.warning());
        reading.apply(loaded.reading());
        precision.apply(loaded.precision());
        passages.apply(loaded.maxp());
        evalSet.set(loaded.set());
        if (loaded.model() != null) {
            catalogue.remember(loaded.model());
        }
        settings.addRecentWorkspace(folder);
        recentWorkspaces.setAll(settings.recentWorkspaces());
        engine.opened(ws);
        opened.fire(ws);
        String said = loaded.set() == null
                ? "Opened " + folder + " (no test.csv + corpus.csv: no evaluation set)"
                : String.format(
                        Locale.ROOT,
                        "Opened %s: %,d documents, %,d test queries; dense model %s",
                        folder,
                        loaded.set().corpus().size(),
                        loaded.set().queries().size(),
                        choice == null ? "none" : choice.label());
        status.set(loaded.warning().isEmpty() ? said : said + " — warning: " + loaded.warning());
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

    /**
     * The label-free z-score weight a Compare run chose over the test queries ({@code Fusion.labelFree}): the dense
     * weight, the queries it was chosen over (those with hits in both lists), the run's one-line reason, and the
     * dense model of that run.
     */
    public record LabelFreeHybrid(double weight, int queries, String reason, String modelLabel) {}

    /**
     * The weight of the latest label-free hybrid run Compare made in the open workspace, or null: Search's label-free
     * list fuses with it, so a test query's hybrid ranks there are its ranks in that run.
     */
    public ReadOnlyObjectProperty<LabelFreeHybrid> labelFreeHybridProperty() {
        return labelFreeHybrid.getReadOnlyProperty();
    }

    public void setLabelFreeHybrid(LabelFreeHybrid l) {
        labelFreeHybrid.set(l);
    }

    private record Loaded(
            Workspace workspace,
            RetrievalDataset set,
            ModelChoice model,
            String warning,
            ReadingLength.Choice reading,
            dev.nsw.encoder.Precision precision,
            boolean maxp) {}

    /**
     * Asked (UI thread) before another workspace is opened: a panel holding work the switch would discard (labels
     * not exported) asks the user and answers whether to go on; the first that says no keeps the workspace open.
     */
    public void guardOpening(java.util.function.Predicate<Path> mayOpen) {
        openingGuards.add(mayOpen);
    }

    private final List<java.util.function.Predicate<Path>> openingGuards = new java.util.ArrayList<>();

    /**
     * Runs when a workspace has been opened (UI thread), after the shared state is set: every panel resets
     * what it shows and restores what this workspace saved.
     */
    public void onWorkspaceOpened(Consumer<Workspace> listener) {
        opened.add(listener);
    }

    /** The open workspace (layout, settings), or null. */
    public ReadOnlyObjectProperty<Workspace> currentProperty() {
        return current.getReadOnlyProperty();
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
