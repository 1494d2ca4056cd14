package dev.nsw.gui.index;

import dev.nsw.data.RetrievalDataset;
import dev.nsw.engine.EngineCluster;
import dev.nsw.engine.EngineIndex;
import dev.nsw.engine.EngineIndexStatus;
import dev.nsw.engine.EngineTarget;
import dev.nsw.gui.EngineLink;
import dev.nsw.gui.ErrorMessages;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.gui.WorkspaceEpoch;
import dev.nsw.gui.task.JobHandle;
import dev.nsw.gui.task.RunningJob;
import dev.nsw.workspace.WorkspaceEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Index panel's Engine section: names an OpenSearch engine index (node URLs + index, as {@code nsw push} made it)
 * as the workspace's dense and/or BM25 index, remembered in the workspace ({@link WorkspaceEngine}); shows the index's
 * documents, size, shards, replicas and health ({@link EngineTarget#status}) and whether it holds this workspace's
 * corpus ({@link EngineTarget#check}); starts, stops and reads a local cluster ({@link EngineCluster}, what
 * {@code nsw engine start/stop/status} run). Every engine failure is one line, never a trace.
 */
public final class EngineViewModel {
    /** Each local node's heap: the sample corpora need little; {@code nsw engine start --heap} for more. */
    static final String LOCAL_HEAP = "512m";

    private final WorkbenchModel model;
    private final EngineLink link;
    private final StringProperty urls = new SimpleStringProperty(this, "urls", "");
    private final StringProperty index = new SimpleStringProperty(this, "index", "");
    private final BooleanProperty forDense = new SimpleBooleanProperty(this, "forDense", true);
    private final BooleanProperty forBm25 = new SimpleBooleanProperty(this, "forBm25", true);
    private final ReadOnlyStringWrapper indexStatus = new ReadOnlyStringWrapper(this, "indexStatus", "");
    private final ReadOnlyStringWrapper check = new ReadOnlyStringWrapper(this, "check", "");
    private final StringProperty clusterFolder = new SimpleStringProperty(
            this, "clusterFolder", EngineCluster.defaultDataDir().toString());
    private final IntegerProperty clusterNodes = new SimpleIntegerProperty(this, "clusterNodes", 2);
    private final ReadOnlyStringWrapper clusterState = new ReadOnlyStringWrapper(this, "clusterState", "");
    private final ReadOnlyObjectWrapper<RunningJob> clusterJob = new ReadOnlyObjectWrapper<>(this, "clusterJob");
    private final BooleanProperty clusterBusy = new SimpleBooleanProperty(this, "clusterBusy");

    EngineViewModel(WorkbenchModel model) {
        this.model = model;
        this.link = model.engine();
        model.onWorkspaceOpened(ws -> {
            indexStatus.set("");
            check.set("");
            WorkspaceEngine named = link.namedProperty().get();
            urls.set(named == null ? "" : named.target().urls());
            index.set(named == null ? "" : named.target().index());
            forDense.set(named == null || named.dense());
            forBm25.set(named == null || named.bm25());
            if (named != null) {
                refreshStatus();
            }
        });
    }

    /**
     * Names the engine index typed in as the workspace's (for dense and/or BM25), connects Search to it and reads its
     * status. A bad URL or index name is one line.
     */
    public JobHandle apply() {
        WorkspaceEngine engine;
        try {
            engine = new WorkspaceEngine(
                    new EngineTarget(urls.get().strip(), index.get().strip()), forDense.get(), forBm25.get());
        } catch (RuntimeException e) {
            link.fail(e);
            return JobHandle.notStarted();
        }
        JobHandle connected = link.name(engine);
        refreshStatus();
        return connected;
    }

    /** The workspace names no engine any more. */
    public void clear() {
        link.clear();
        indexStatus.set("");
        check.set("");
        model.statusProperty().set("The workspace names no engine: Search and Compare use the local indexes");
    }

    /** Reads the named index's status and checks it against the workspace's corpus, off the UI thread. */
    public JobHandle refreshStatus() {
        WorkspaceEngine engine = link.namedProperty().get();
        if (engine == null) {
            indexStatus.set("No engine named: type its node URLs and index, then Use.");
            return JobHandle.notStarted();
        }
        RetrievalDataset set = model.evalSetProperty().get();
        WorkspaceEpoch epoch = model.epoch();
        indexStatus.set("Reading index '" + engine.target().index() + "'…");
        check.set("");
        record Read(EngineIndexStatus status, String check) {}
        return model.executor()
                .job("Engine index status", (progress, cancel) -> {
                    EngineTarget target = engine.target();
                    var client = target.client(Duration.ofSeconds(20));
                    EngineIndexStatus status = target.status(client);
                    String checked;
                    try {
                        EngineIndex.Meta meta = target.check(client, set == null ? null : set.corpus(), null);
                        checked = checkLine(meta, set);
                    } catch (dev.nsw.engine.EngineIndexMismatchException e) {
                        checked = "✗ " + e.getMessage();
                    }
                    return new Read(status, checked);
                })
                .onlyWhile(() -> epoch.isCurrent() && link.namedProperty().get() == engine)
                .onSuccess(r -> {
                    indexStatus.set(describe(r.status()));
                    check.set(r.check());
                })
                .onFailure(error -> {
                    indexStatus.set("Engine: " + ErrorMessages.oneLine(error));
                    link.fail(error);
                })
                .start();
    }

    /** The index's documents, size, shards, replicas and health in one line. */
    static String describe(EngineIndexStatus s) {
        return String.format(
                Locale.ROOT,
                "Index '%s': %s · %,d documents · %s · %d primary shard%s × %d replica%s · %d node%s%s",
                s.index(),
                s.health(),
                s.documents(),
                IndexViewModel.humanBytes(s.storeBytes()),
                s.primaryShards(),
                s.primaryShards() == 1 ? "" : "s",
                s.replicas(),
                s.replicas() == 1 ? "" : "s",
                s.nodes(),
                s.nodes() == 1 ? "" : "s",
                s.unassignedShards() == 0 ? "" : " · " + s.unassignedShards() + " shard copies unassigned");
    }

    private static String checkLine(EngineIndex.Meta meta, RetrievalDataset set) {
        return String.format(
                Locale.ROOT,
                "%s pushed with model %s (%d dims), BM25 %s k1 %.2f b %.2f",
                set == null ? "Not checked against a corpus (no evaluation set);" : "✓ This workspace's corpus;",
                meta.modelId(),
                meta.dimension(),
                meta.bm25().analyzer().cliName(),
                meta.bm25().k1(),
                meta.bm25().b());
    }

    /**
     * Starts a local cluster of {@link #clusterNodesProperty()} nodes from {@link #clusterFolderProperty()} (what
     * {@code nsw engine start} does), with progress and Cancel; its node URLs go into the URL field.
     */
    public JobHandle startLocal() {
        if (clusterBusy.get()) {
            return JobHandle.notStarted();
        }
        Path dir = Path.of(clusterFolder.get().strip());
        int nodes = clusterNodes.get();
        clusterBusy.set(true);
        clusterState.set("Starting " + nodes + " node" + (nodes == 1 ? "" : "s") + " from " + dir + "…");
        JobHandle handle = model.executor()
                .job(
                        "Start the local engine",
                        (progress, cancel) ->
                                EngineCluster.start(dir, nodes, 0, LOCAL_HEAP, Duration.ofMinutes(4), progress, cancel))
                .onSuccess(state -> {
                    urls.set(state.urls());
                    clusterState.set(describe(state));
                    model.statusProperty().set("Local engine running at " + state.urls());
                })
                .onFailure(error -> {
                    clusterState.set("Engine: " + ErrorMessages.oneLine(error));
                    link.fail(error);
                })
                .onCancelled(() -> clusterState.set("Engine start cancelled."))
                .onFinished(() -> {
                    clusterBusy.set(false);
                    clusterJob.set(null);
                })
                .start();
        if (clusterBusy.get()) {
            clusterJob.set(handle.job());
        }
        return handle;
    }

    /** Stops every node of the local cluster (what {@code nsw engine stop} does). */
    public JobHandle stopLocal() {
        if (clusterBusy.get()) {
            return JobHandle.notStarted();
        }
        Path dir = Path.of(clusterFolder.get().strip());
        clusterBusy.set(true);
        clusterState.set("Stopping the engine of " + dir + "…");
        return model.executor()
                .job("Stop the local engine", (progress, cancel) -> EngineCluster.stop(dir, Duration.ofSeconds(60)))
                .onSuccess(stopped -> {
                    clusterState.set(
                            stopped.isEmpty()
                                    ? "No engine was running from " + dir + "."
                                    : "Stopped " + stopped.size() + " node" + (stopped.size() == 1 ? "" : "s") + " of "
                                            + dir + ".");
                    model.statusProperty().set(clusterState.get());
                })
                .onFailure(error -> {
                    clusterState.set("Engine: " + ErrorMessages.oneLine(error));
                    link.fail(error);
                })
                .onFinished(() -> clusterBusy.set(false))
                .start();
    }

    /** Reads which nodes of the local cluster run (what {@code nsw engine status} shows). */
    public JobHandle clusterStatus() {
        Path dir = Path.of(clusterFolder.get().strip());
        return model.executor()
                .job("Local engine status", (progress, cancel) -> EngineCluster.read(dir))
                .onSuccess(state -> clusterState.set(
                        state.map(EngineViewModel::describe).orElse("No engine was started from " + dir + ".")))
                .onFailure(error -> clusterState.set("Engine: " + ErrorMessages.oneLine(error)))
                .start();
    }

    private static String describe(EngineCluster.State state) {
        int alive = state.alive().size();
        return String.format(
                Locale.ROOT,
                "Local engine: %d of %d nodes running%s",
                alive,
                state.nodes().size(),
                alive == 0 ? " (stopped)" : " at " + state.urls());
    }

    public BooleanBinding canApply() {
        return Bindings.createBooleanBinding(
                () -> !urls.get().isBlank()
                        && !index.get().isBlank()
                        && (forDense.get() || forBm25.get())
                        && model.currentProperty().get() != null,
                urls,
                index,
                forDense,
                forBm25,
                model.currentProperty());
    }

    public StringProperty urlsProperty() {
        return urls;
    }

    public StringProperty indexProperty() {
        return index;
    }

    public BooleanProperty forDenseProperty() {
        return forDense;
    }

    public BooleanProperty forBm25Property() {
        return forBm25;
    }

    /** Documents, size, shards, replicas and health of the named index. */
    public ReadOnlyStringProperty indexStatusProperty() {
        return indexStatus.getReadOnlyProperty();
    }

    /** Whether the index holds this workspace's corpus, and the model and BM25 settings it was pushed with. */
    public ReadOnlyStringProperty checkProperty() {
        return check.getReadOnlyProperty();
    }

    /** Connected / connecting / not connected, as Search uses it. */
    public ReadOnlyStringProperty connectionProperty() {
        return link.stateProperty();
    }

    /** Why the engine is not in use, in one line; empty when fine. */
    public ReadOnlyStringProperty problemProperty() {
        return link.problemProperty();
    }

    public StringProperty clusterFolderProperty() {
        return clusterFolder;
    }

    public IntegerProperty clusterNodesProperty() {
        return clusterNodes;
    }

    public ReadOnlyStringProperty clusterStateProperty() {
        return clusterState.getReadOnlyProperty();
    }

    /** The start in progress (for its progress bar and Cancel), else null. */
    public ReadOnlyObjectProperty<RunningJob> clusterJobProperty() {
        return clusterJob.getReadOnlyProperty();
    }

    public BooleanProperty clusterBusyProperty() {
        return clusterBusy;
    }
}
