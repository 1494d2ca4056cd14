package dev.nsw.gui;

import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.engine.EngineClient;
import dev.nsw.engine.EngineTarget;
import dev.nsw.gui.task.JobHandle;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.retrieval.Retriever;
import dev.nsw.workspace.Workspace;
import dev.nsw.workspace.WorkspaceEngine;
import java.time.Duration;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The engine index the open workspace names ({@link WorkspaceEngine}) and the workbench's connection to it: its
 * BM25 and dense {@link Retriever}s (the engine's lists in Search), or the one line saying why there are none
 * (the engine down, the index missing, pushed with another model or from another corpus). Compare's engine runs make
 * their own connections ({@code workspace.CompareRuns.engineBm25/engineDense}).
 */
public final class EngineLink {
    /** Engine searches give up after this long: a person waits for one query, not a minute. */
    static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(30);

    private final WorkbenchModel model;
    private final ReadOnlyObjectWrapper<WorkspaceEngine> named = new ReadOnlyObjectWrapper<>(this, "named");
    private final ReadOnlyObjectWrapper<Retriever> bm25 = new ReadOnlyObjectWrapper<>(this, "bm25");
    private final ReadOnlyObjectWrapper<Retriever> dense = new ReadOnlyObjectWrapper<>(this, "dense");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state", "");

    EngineLink(WorkbenchModel model) {
        this.model = model;
        dense.addListener((obs, old, now) -> closeLater(old));
        bm25.addListener((obs, old, now) -> closeLater(old));
    }

    /** A workspace was opened: forget the last one's engine, connect to this one's. */
    void opened(Workspace ws) {
        bm25.set(null);
        dense.set(null);
        problem.set(WorkspaceEngine.problem(ws).orElse(""));
        named.set(WorkspaceEngine.of(ws).orElse(null));
        state.set(named.get() == null ? "" : "Connecting to " + describe(named.get()) + "…");
        if (named.get() != null) {
            connect();
        }
    }

    /** The workspace names {@code engine} from now on (remembered in its settings); connects to it. */
    public JobHandle name(WorkspaceEngine engine) {
        Workspace ws = model.currentProperty().get();
        if (ws != null) {
            engine.saveTo(ws);
        }
        named.set(engine);
        return connect();
    }

    /** The workspace names no engine: Search and Compare use the local indexes only. */
    public void clear() {
        Workspace ws = model.currentProperty().get();
        if (ws != null) {
            WorkspaceEngine.clear(ws);
        }
        named.set(null);
        bm25.set(null);
        dense.set(null);
        problem.set("");
        state.set("");
    }

    /**
     * Connects to the named engine off the UI thread: checks the index holds the workspace's corpus, opens its BM25
     * and, with the workspace's dense model (the one its vectors must be of), its dense retriever. A failure is one
     * line in {@link #problemProperty()} and the status bar.
     */
    public JobHandle connect() {
        WorkspaceEngine engine = named.get();
        RetrievalDataset set = model.evalSetProperty().get();
        if (engine == null) {
            return JobHandle.notStarted();
        }
        ModelChoice choice = model.catalogue().preferredProperty().get();
        EncoderOptions options = choice == null ? null : model.encoderOptions(choice);
        WorkspaceEpoch epoch = model.epoch();
        state.set("Connecting to " + describe(engine) + "…");
        return model.executor()
                .job("Connect to the engine", (progress, cancel) -> {
                    progress.progress(0, -1, "asking " + engine.target().urls());
                    EngineTarget target = engine.target();
                    EngineClient client = target.client(SEARCH_TIMEOUT);
                    target.check(client, set == null ? null : set.corpus(), null);
                    Retriever lexical = engine.bm25() ? target.bm25(client) : null;
                    Retriever vectors = null;
                    if (engine.dense()) {
                        if (choice == null || choice.isFolderPicker()) {
                            throw new IllegalStateException("no dense model to embed queries for the engine's vectors");
                        }
                        progress.progress(0, -1, "loading " + choice.label());
                        TextEncoder encoder =
                                InferenceRuntime.open(choice.spec(), options, InferenceRuntime.Choice.AUTO);
                        try {
                            vectors = new Owning(target.dense(client, encoder, ENGINE_EF), encoder);
                        } catch (RuntimeException e) {
                            encoder.close();
                            closeQuietly(lexical);
                            throw e;
                        }
                    }
                    return List.of(java.util.Optional.ofNullable(lexical), java.util.Optional.ofNullable(vectors));
                })
                .onlyWhile(
                        () -> epoch.isCurrent() && named.get() == engine,
                        rs -> rs.forEach(r -> r.ifPresent(EngineLink::closeQuietly)))
                .onSuccess(rs -> {
                    bm25.set(rs.get(0).orElse(null));
                    dense.set(rs.get(1).orElse(null));
                    problem.set("");
                    state.set("Connected to " + describe(engine));
                })
                .onFailure(error -> {
                    bm25.set(null);
                    dense.set(null);
                    fail(error);
                    state.set("Not connected to " + describe(engine));
                })
                .start();
    }

    /** The HNSW search beam of the engine's dense list: the recipe's ef, as the local index's. */
    public static final int ENGINE_EF = DenseRecall.IndexSpec.recipeHnsw().ef();

    /** An engine failure as a person reads it: one line here and in the status bar, never a stack trace. */
    public void fail(Throwable error) {
        String line = "Engine: " + ErrorMessages.oneLine(error);
        problem.set(line);
        model.statusProperty().set(line);
    }

    static String describe(WorkspaceEngine e) {
        return "index '" + e.target().index() + "' at " + e.target().urls();
    }

    /** The engine the open workspace names, or null. */
    public ReadOnlyObjectProperty<WorkspaceEngine> namedProperty() {
        return named.getReadOnlyProperty();
    }

    /** The engine's BM25 retriever while connected (and named for BM25), else null. */
    public ReadOnlyObjectProperty<Retriever> bm25Property() {
        return bm25.getReadOnlyProperty();
    }

    /** The engine's dense retriever while connected (and named for dense), else null. */
    public ReadOnlyObjectProperty<Retriever> denseProperty() {
        return dense.getReadOnlyProperty();
    }

    /** Why the engine is not in use, in one line ("Engine: no node answered …"); empty when fine. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** "Connected to index 'x' at http://…", "Connecting…", "Not connected…"; empty without an engine. */
    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    private static void closeLater(Object retriever) {
        if (retriever instanceof AutoCloseable c) {
            Thread.ofPlatform().daemon().name("nsw-close-engine").start(() -> closeQuietly(c));
        }
    }

    private static void closeQuietly(Object o) {
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // an HTTP client and an encoder's native memory: nothing to save
            }
        }
    }

    /** The engine's dense retriever with the encoder it owns (closed with it). */
    private record Owning(Retriever retriever, AutoCloseable owned) implements Retriever, AutoCloseable {
        @Override
        public String name() {
            return retriever.name();
        }

        @Override
        public String scoreKind() {
            return retriever.scoreKind();
        }

        @Override
        public List<ScoredDoc> search(String query, int k) {
            return retriever.search(query, k);
        }

        @Override
        public void close() throws Exception {
            owned.close();
        }
    }
}
