package dev.nsw.gui.compare;

import dev.nsw.data.Query;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.eval.MetricsReport;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.eval.RunComparison;
import dev.nsw.eval.RunSignificance;
import dev.nsw.eval.Scoring;
import dev.nsw.gui.ModelChoice;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.gui.task.JobHandle;
import dev.nsw.workspace.RunLayout;
import dev.nsw.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Compare panel: runs recalled on the evaluation set, their Recall@1/5/10/20/50, MRR@10 and nDCG@10
 * ({@link RetrievalMetrics#evaluate}, as {@code nsw bm25 --evaluate} prints them), and the per-query wins
 * and losses of two runs at K ({@link RunComparison}). What the panel is made of: the runs and their names,
 * settings and chart ticks ({@link RunTable}); the jobs that make runs ({@link CompareJobs}); whether each run
 * differs significantly from run A ({@link CompareSignificance}); CSV exports ({@link CompareExport}).
 */
public final class CompareViewModel {
    /** The cut-offs offered for the wins and losses: the recipe's. */
    public static final int[] K_CHOICES =
            Scoring.RECIPE_CUTOFFS.stream().mapToInt(Integer::intValue).toArray();

    private static final String NO_COMPARISON =
            "Run two retrievers (e.g. BM25 with two analyzers, or BM25 and dense) to see per-query wins and losses.";

    private final WorkbenchModel model;
    private final RunTable table;
    private final CompareJobs jobs;
    private final CompareSignificance significance;
    private final IntegerProperty k = new SimpleIntegerProperty(this, "k", 10);
    private final ObservableList<WinLossRow> winLoss = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper comparisonSummary =
            new ReadOnlyStringWrapper(this, "comparisonSummary", NO_COMPARISON);
    private final ReadOnlyStringWrapper scoringNote = new ReadOnlyStringWrapper(this, "scoringNote", "");
    private final ReadOnlyStringWrapper tuningRefusal = new ReadOnlyStringWrapper(this, "tuningRefusal", "");
    private final javafx.beans.property.ReadOnlyObjectWrapper<HybridKind> defaultHybridKind =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "defaultHybridKind", HybridKind.LABEL_FREE);

    /** How a hybrid run fuses BM25 and the dense model ({@link dev.nsw.retrieval.Fusion}). */
    public enum HybridKind {
        /**
         * Z-score fusion, the dense weight chosen from the test queries' own first stages (no judgements): {@code nsw
         * recall --mode hybrid}'s default, and Compare's when the workspace has no dev split.
         */
        LABEL_FREE("Hybrid, label-free weight"),
        /** Reciprocal-rank fusion, k = 60: nothing to tune. */
        RRF("Hybrid RRF"),
        /** Convex mix of min-max normalised scores, the dense weight tuned for nDCG@10 on the workspace's dev split. */
        CONVEX_TUNED("Hybrid, weight tuned on dev");

        private final String label;

        HybridKind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public CompareViewModel(WorkbenchModel model) {
        this.model = model;
        this.table = new RunTable(model);
        this.jobs = new CompareJobs(model, table);
        table.runAProperty().addListener(o -> recompare());
        table.runBProperty().addListener(o -> recompare());
        k.addListener(o -> recompare());
        this.significance = new CompareSignificance(model, table);
        // The table says which definitions scored it (the set's convention: recipe micro recall, or BEIR's).
        runs().addListener((ListChangeListener<RunResult>) c -> scoringNote.set(
                runs().stream().map(r -> r.metrics().scoring()).distinct().collect(Collectors.joining("; "))));
        model.evalSetProperty().addListener((obs, old, now) -> {
            table.clearRuns();
            updateTuningRefusal();
        });
        model.onWorkspaceOpened(this::opened);
    }

    /** A workspace was opened: nothing of the last one stays; this one's saved runs come back, re-scored. */
    private void opened(Workspace ws) {
        updateTuningRefusal();
        table.clear();
        winLoss.clear();
        comparisonSummary.set(NO_COMPARISON);
        jobs.denseChoiceProperty().set(model.catalogue().preferredProperty().get());
        RetrievalDataset set = model.evalSetProperty().get();
        if (set != null) {
            table.reload(ws, set);
        }
    }

    /**
     * Name of a dense run in the table, readable and distinct: "dense bge-small-zh-v1.5" for a bundled
     * model; for a model trained in the workspace ({@code runs/inbatch-20261127-161500/best}) the strategy,
     * date and time and which checkpoint ({@link RunLayout#readableName}): "dense inbatch 11-27 16:15:00 best".
     */
    public static String denseRunName(ModelChoice m) {
        return "dense "
                + (m.trained() ? RunLayout.readableName(Path.of(m.label())).orElse(m.label()) : m.label());
    }

    private void recompare() {
        winLoss.clear();
        significance.updateSummary();
        RunResult a = table.runAProperty().get();
        RunResult b = table.runBProperty().get();
        RetrievalDataset set = model.evalSetProperty().get();
        if (a == null || b == null || set == null || a == b) {
            return;
        }
        RunComparison c = RunComparison.compare(a.name(), a.metrics(), b.name(), b.metrics(), k.get());
        for (RunComparison.Diff d : c.wins()) {
            winLoss.add(row(set, d, a.name()));
        }
        for (RunComparison.Diff d : c.losses()) {
            winLoss.add(row(set, d, b.name()));
        }
        comparisonSummary.set(String.format(
                Locale.ROOT,
                "At K=%d: %s finds %d queries that %s misses; %s finds %d that %s misses; both find %d, both miss %d. Double-click a query to open it in Search.",
                c.k(),
                a.name(),
                c.wins().size(),
                b.name(),
                b.name(),
                c.losses().size(),
                a.name(),
                c.bothHit(),
                c.bothMiss()));
    }

    private static WinLossRow row(RetrievalDataset set, RunComparison.Diff d, String winner) {
        String text = set.queryById(d.queryId()).map(Query::text).orElse(d.queryId());
        return new WinLossRow(d.queryId(), text, winner, d.rankA(), d.rankB());
    }

    public void openInSearch(WinLossRow row) {
        if (row != null) {
            model.requests().openInSearch(row.query());
        }
    }

    /** Recall@K of a run at each cut-off, for the chart. */
    public List<double[]> recallCurve(RunResult run) {
        MetricsReport m = run.metrics();
        List<double[]> points = new ArrayList<>();
        m.recallAt().keySet().forEach(cut -> points.add(new double[] {cut, m.recall(cut)}));
        return points;
    }

    // ---- the runs (RunTable) ----

    public ObservableList<RunResult> runs() {
        return table.runs();
    }

    /** The runs drawn in the chart, overlaid (the ticked ones). */
    public ObservableList<RunResult> chartRuns() {
        return table.chartRuns();
    }

    public ObjectProperty<RunResult> runAProperty() {
        return table.runAProperty();
    }

    public ObjectProperty<RunResult> runBProperty() {
        return table.runBProperty();
    }

    /** Adds a run with no recorded settings (replacing one of the same name) and saves it in the workspace. */
    public void addRun(RunResult result) {
        table.add(result, true);
    }

    /** {@link RunTable#rename}. */
    public boolean rename(RunResult r, String newName) {
        return table.rename(r, newName);
    }

    /** Whether {@code r} is drawn in the chart; unticking hides it there (remembered in the workspace). */
    public BooleanProperty shownProperty(RunResult r) {
        return table.shownProperty(r);
    }

    /** A run's saved settings as "key value" pairs (what made it: retriever, model, fusion, tuned weight …). */
    public String settingsText(RunResult r) {
        return table.settingsText(r);
    }

    // ---- the jobs (CompareJobs) ----

    /** The model to run on the test set (Compare panel's choice). */
    public ObjectProperty<ModelChoice> denseChoiceProperty() {
        return jobs.denseChoiceProperty();
    }

    public ObservableList<ModelChoice> models() {
        return model.catalogue().models();
    }

    public BooleanBinding canRunBm25() {
        return jobs.canRunBm25();
    }

    public BooleanBinding canRunDense() {
        return jobs.canRunDense();
    }

    public BooleanBinding canRunHybrid() {
        return jobs.canRunHybrid();
    }

    /** {@link CompareJobs#runBm25}. */
    public JobHandle runBm25() {
        return jobs.runBm25();
    }

    /** {@link CompareJobs#runDense}. */
    public JobHandle runDense(ModelChoice m) {
        return jobs.runDense(m);
    }

    /** True while the workspace names an engine for BM25 and no engine BM25 run is being made. */
    public BooleanBinding canRunEngineBm25() {
        return jobs.canRunEngine(true);
    }

    /** True while the workspace names an engine for dense search and no engine dense run is being made. */
    public BooleanBinding canRunEngineDense() {
        return jobs.canRunEngine(false);
    }

    /** True while the workspace names an engine: its run buttons are shown. */
    public BooleanBinding engineNamed() {
        return model.engine().namedProperty().isNotNull();
    }

    /** An engine BM25 run of the test set ({@link dev.nsw.workspace.CompareRuns#engineBm25}). */
    public JobHandle runEngineBm25() {
        return jobs.runEngineBm25();
    }

    /** An engine dense run of the test set with model {@code m} ({@link dev.nsw.workspace.CompareRuns#engineDense}). */
    public JobHandle runEngineDense(ModelChoice m) {
        return jobs.runEngineDense(m);
    }

    /** {@link CompareJobs#runHybrid}; a tuned run without a dev split is refused in the status bar. */
    public JobHandle runHybrid(ModelChoice m, HybridKind kind) {
        if (kind == HybridKind.CONVEX_TUNED && !tuningRefusal.get().isEmpty()) {
            model.statusProperty().set(tuningRefusal.get());
            return JobHandle.notStarted();
        }
        return jobs.runHybrid(m, kind);
    }

    /**
     * Why "Hybrid, weight tuned on dev" cannot run in this workspace (it has no dev split: the test set is never
     * tuned on), empty when it can; the panel disables it and says this.
     */
    public ReadOnlyStringProperty tuningRefusalProperty() {
        return tuningRefusal.getReadOnlyProperty();
    }

    private void updateTuningRefusal() {
        Workspace ws = model.currentProperty().get();
        RetrievalDataset set = model.evalSetProperty().get();
        boolean can = ws != null && set != null && ws.devSplitSource(set).isPresent();
        tuningRefusal.set(
                can || set == null
                        ? ""
                        : "No dev split to tune the weight on (dev.csv beside test.csv, or a BEIR qrels/dev.tsv or"
                                + " train.tsv); the test set is never tuned on: use the label-free weight, which needs"
                                + " no labels.");
        defaultHybridKind.set(can ? HybridKind.CONVEX_TUNED : HybridKind.LABEL_FREE);
    }

    /**
     * The hybrid the panel offers first: the weight tuned on the workspace's dev split when it has one, else the
     * label-free weight ({@code nsw recall --mode hybrid}'s default without a dev set).
     */
    public javafx.beans.property.ReadOnlyObjectProperty<HybridKind> defaultHybridKindProperty() {
        return defaultHybridKind.getReadOnlyProperty();
    }

    /** {@link CompareJobs#runPretrainedAndTrained}. */
    public JobHandle runPretrainedAndTrained() {
        return jobs.runPretrainedAndTrained();
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

    // ---- significance (CompareSignificance) ----

    /** The significance mark of a run's cell against run A ({@link CompareSignificance#mark}). */
    public String mark(RunResult run, RunSignificance.Metric metric) {
        return significance.mark(run, metric);
    }

    /** {@link #mark} of R@10, for the view (which does not touch core types). */
    public String recall10Mark(RunResult run) {
        return mark(run, RunSignificance.Metric.RECALL_10);
    }

    public String mrr10Mark(RunResult run) {
        return mark(run, RunSignificance.Metric.MRR_10);
    }

    public String ndcg10Mark(RunResult run) {
        return mark(run, RunSignificance.Metric.NDCG_10);
    }

    /** The latest significance of every run against run A, null while none is computed. */
    public ReadOnlyObjectProperty<RunSignificance> significanceProperty() {
        return significance.significanceProperty();
    }

    /** The tests of run B against run A in words, with the method. */
    public ReadOnlyStringProperty significanceSummaryProperty() {
        return significance.summaryProperty();
    }

    // ---- exports (CompareExport) ----

    /** Writes the metrics table as CSV (header: run, R@1 … nDCG@10), atomically. */
    public void exportCsv(Path file) {
        CompareExport.metrics(file, runs());
        model.statusProperty().set("Wrote " + file);
    }

    /** Writes each test query's first gold rank in every run as CSV ({@link CompareExport#perQuery}), atomically. */
    public void exportPerQueryCsv(Path file) {
        CompareExport.perQuery(file, runs(), model.evalSetProperty().get());
        model.statusProperty().set("Wrote " + file);
    }

    // ---- the comparison of A and B ----

    public IntegerProperty kProperty() {
        return k;
    }

    public ObservableList<WinLossRow> winLoss() {
        return winLoss;
    }

    /** Which Recall@K definition and conventions scored the runs in the table ({@code Scoring#describe}). */
    public ReadOnlyStringProperty scoringNoteProperty() {
        return scoringNote.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty comparisonSummaryProperty() {
        return comparisonSummary.getReadOnlyProperty();
    }
}
