package dev.nsw.gui.compare;

import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.eval.MetricsReport;
import dev.nsw.eval.PairedSignificance;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.eval.RunComparison;
import dev.nsw.eval.RunSignificance;
import dev.nsw.eval.Scoring;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.index.VectorIndex;
import dev.nsw.io.AtomicFiles;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.retrieval.Bm25Retriever;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.retrieval.Fusion;
import dev.nsw.retrieval.HybridRecall;
import dev.nsw.workspace.EvalRuns;
import dev.nsw.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Compare panel: runs recalled on the evaluation set, their Recall@1/5/10/20/50, MRR@10 and nDCG@10
 * ({@link RetrievalMetrics#evaluate}, as {@code nsw bm25 --evaluate} prints them), and the per-query wins
 * and losses of two runs at K ({@link RunComparison}), and whether each run differs significantly from run A
 * ({@link RunSignificance}: paired randomization test, t-test, bootstrap CI, Holm for several runs).
 */
public final class CompareViewModel {
    /** Depth recalled per query, the recipe's recall_num. */
    public static final int RECALL_NUM = 50;

    public static final int[] K_CHOICES = {1, 5, 10, 20, 50};

    private final WorkbenchModel model;
    private final ObservableList<RunResult> runs = FXCollections.observableArrayList();
    private final ObjectProperty<RunResult> runA = new SimpleObjectProperty<>(this, "runA");
    private final ObjectProperty<RunResult> runB = new SimpleObjectProperty<>(this, "runB");
    private final IntegerProperty k = new SimpleIntegerProperty(this, "k", 10);
    private final ObservableList<WinLossRow> winLoss = FXCollections.observableArrayList();
    private final javafx.beans.property.ReadOnlyObjectWrapper<RunSignificance> significance =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "significance");
    private final ReadOnlyStringWrapper significanceSummary =
            new ReadOnlyStringWrapper(this, "significanceSummary", "");
    private int significanceGeneration;
    private final ReadOnlyStringWrapper comparisonSummary =
            new ReadOnlyStringWrapper(this, "comparisonSummary", NO_COMPARISON);
    private final ReadOnlyStringWrapper scoringNote = new ReadOnlyStringWrapper(this, "scoringNote", "");
    /** Settings of each run by name, saved beside its TREC file. */
    private final java.util.Map<String, java.util.Map<String, String>> runSettings = new java.util.HashMap<>();
    /** The TREC file each run is saved in (a renamed run keeps its file). */
    private final java.util.Map<String, Path> runFiles = new java.util.HashMap<>();
    /** Whether each run is drawn in the chart (by name); saved in its settings as {@value #SHOWN}. */
    private final java.util.Map<String, javafx.beans.property.BooleanProperty> shown = new java.util.HashMap<>();
    /** The runs drawn in the chart, overlaid: the ticked ones, in table order. */
    private final ObservableList<RunResult> chartRuns = FXCollections.observableArrayList();

    private final javafx.beans.property.BooleanProperty hybridRunning =
            new javafx.beans.property.SimpleBooleanProperty(this, "hybridRunning");
    static final String SHOWN = "shown";

    public CompareViewModel(WorkbenchModel model) {
        this.model = model;
        denseChoice.set(model.models().isEmpty() ? null : model.models().getFirst());
        runA.addListener(o -> recompare());
        runB.addListener(o -> recompare());
        k.addListener(o -> recompare());
        runA.addListener(o -> recomputeSignificance());
        runs.addListener((javafx.collections.ListChangeListener<RunResult>) c -> recomputeSignificance());
        // The table says which definitions scored it (the set's convention: recipe micro recall, or BEIR's).
        runs.addListener((javafx.collections.ListChangeListener<RunResult>) c -> scoringNote.set(runs.stream()
                .map(r -> r.metrics().scoring())
                .distinct()
                .collect(java.util.stream.Collectors.joining("; "))));
        runs.addListener((javafx.collections.ListChangeListener<RunResult>) c -> refreshChartRuns());
        model.evalSetProperty().addListener((obs, old, now) -> {
            runs.clear();
            runA.set(null);
            runB.set(null);
        });
        model.onWorkspaceOpened(this::opened);
    }

    private static final String NO_COMPARISON =
            "Run two retrievers (e.g. BM25 with two analyzers, or BM25 and dense) to see per-query wins and losses.";

    /** A workspace was opened: nothing of the last one stays; this one's saved runs come back, re-scored. */
    private void opened(Workspace ws) {
        runs.clear();
        runSettings.clear();
        runFiles.clear();
        shown.clear();
        runA.set(null);
        runB.set(null);
        winLoss.clear();
        comparisonSummary.set(NO_COMPARISON);
        denseChoice.set(model.preferredModelProperty().get());
        RetrievalDataset set = model.evalSetProperty().get();
        if (set == null) {
            return;
        }
        model.executor()
                .submit(
                        "Reload saved runs",
                        (progress, cancel) -> {
                            List<String> problems = new ArrayList<>();
                            List<ReloadedRun> out = new ArrayList<>();
                            for (EvalRuns.SavedRun r : EvalRuns.list(ws, problems)) {
                                out.add(new ReloadedRun(
                                        new RunResult(r.name(), r.run(), RetrievalMetrics.evaluate(set, r.run())), r));
                            }
                            return new Reloaded(out, problems);
                        },
                        reloaded -> {
                            if (model.currentProperty().get() != ws
                                    || model.evalSetProperty().get() != set) {
                                return;
                            }
                            reloaded.runs().forEach(r -> {
                                runSettings.put(r.result().name(), r.saved().settings());
                                runFiles.put(r.result().name(), r.saved().file());
                                addRun(r.result(), false);
                                if ("false".equals(r.saved().settings().get(SHOWN))) {
                                    shownProperty(r.result()).set(false);
                                }
                                tunedWeightOf(r.saved().settings()).ifPresent(model::setTunedHybrid);
                            });
                            if (!reloaded.problems().isEmpty()) {
                                model.statusProperty()
                                        .set("Saved runs skipped: " + String.join("; ", reloaded.problems()));
                            }
                        },
                        error -> model.statusProperty().set("Cannot reload the saved runs: " + error.getMessage()));
    }

    private record Reloaded(List<ReloadedRun> runs, List<String> problems) {}

    private record ReloadedRun(RunResult result, EvalRuns.SavedRun saved) {}

    private final ObjectProperty<dev.nsw.gui.ModelChoice> denseChoice = new SimpleObjectProperty<>(this, "denseChoice");
    private final javafx.beans.property.BooleanProperty denseRunning =
            new javafx.beans.property.SimpleBooleanProperty(this, "denseRunning");

    /** The model to run on the test set (Compare panel's choice). */
    public ObjectProperty<dev.nsw.gui.ModelChoice> denseChoiceProperty() {
        return denseChoice;
    }

    public ObservableList<dev.nsw.gui.ModelChoice> models() {
        return model.models();
    }

    public BooleanBinding canRunDense() {
        return Bindings.createBooleanBinding(
                () -> model.evalSetProperty().get() != null && !denseRunning.get(),
                model.evalSetProperty(),
                denseRunning);
    }

    /**
     * Name of a dense run in the table, readable and distinct: "dense bge-small-zh-v1.5" for a bundled
     * model; for a model trained in the workspace ({@code runs/inbatch-20261127-161500/best}) the strategy,
     * date and time and which checkpoint: "dense inbatch 11-27 16:15:00 best".
     */
    public static String denseRunName(dev.nsw.gui.ModelChoice m) {
        java.util.regex.Matcher r = TRAINED.matcher(m.label().replace('\\', '/'));
        if (m.trained() && r.matches()) {
            return String.format(
                    Locale.ROOT,
                    "dense %s %s-%s %s:%s:%s %s",
                    r.group(1),
                    r.group(3),
                    r.group(4),
                    r.group(5),
                    r.group(6),
                    r.group(7),
                    r.group(8));
        }
        return "dense " + m.label();
    }

    /** {@code runs/<strategy>-<yyyyMMdd>-<HHmmss>/<best|final>}. */
    private static final java.util.regex.Pattern TRAINED = java.util.regex.Pattern.compile(
            ".*?([a-z-]+)-(\\d{4})(\\d{2})(\\d{2})-(\\d{2})(\\d{2})(\\d{2})/(best|final)");

    /**
     * Recalls the top {@link #RECALL_NUM} for every test query with a dense model, as {@code nsw recall}
     * does ({@link DenseRecall#buildIndex} exact over the corpus, then {@link DenseRecall#recall}), and
     * scores the run with {@link RetrievalMetrics#evaluate}. The corpus vectors come from the workspace's
     * saved embeddings when the Index panel (or an earlier run) made them with the same model and settings.
     */
    public void runDense(dev.nsw.gui.ModelChoice m, Runnable then) {
        RetrievalDataset set = model.evalSetProperty().get();
        if (set == null || m == null || m.isFolderPicker() || denseRunning.get()) {
            return;
        }
        String name = denseRunName(m);
        Workspace ws = model.currentProperty().get();
        denseRunning.set(true);
        model.executor()
                .submit(
                        "Dense recall: " + m.label(),
                        (progress, cancel) -> {
                            progress.progress(0, -1, "loading " + m.label());
                            try (TextEncoder encoder = InferenceRuntime.open(
                                    m.spec(), EncoderOptions.defaults(), InferenceRuntime.Choice.AUTO)) {
                                VectorIndex index = corpusIndex(encoder, m, set, ws, progress, cancel);
                                Scoring scoring = Scoring.defaultsFor(set);
                                RecallRun run = scoring.asWritten(
                                        DenseRecall.recall(
                                                encoder,
                                                index,
                                                set.queries(),
                                                scoring.retrievalDepth(RECALL_NUM),
                                                progress,
                                                cancel),
                                        RECALL_NUM);
                                runSettings.put(
                                        name,
                                        java.util.Map.of(
                                                "retriever",
                                                "dense",
                                                "model",
                                                m.label(),
                                                "model_spec",
                                                m.spec(),
                                                "model_id",
                                                encoder.modelId(),
                                                "index",
                                                "exact",
                                                "max_seq_length",
                                                Integer.toString(
                                                        encoder.tokenizer().maxSeqLength()),
                                                "dimensions",
                                                Integer.toString(encoder.dimension()),
                                                "data",
                                                set.name()));
                                return new RunResult(name, run, RetrievalMetrics.evaluate(set, run));
                            }
                        },
                        result -> {
                            denseRunning.set(false);
                            if (model.currentProperty().get() != ws) {
                                return; // another workspace was opened meanwhile
                            }
                            addRun(result);
                            model.statusProperty()
                                    .set(String.format(
                                            Locale.ROOT,
                                            "%s: Recall@10 %.3f on %,d queries",
                                            name,
                                            result.metrics().recall(10),
                                            result.metrics().queries()));
                            then.run();
                        },
                        error -> {
                            denseRunning.set(false);
                            model.dialogs().showError("Dense recall failed", error);
                        },
                        () -> denseRunning.set(false));
    }

    /**
     * An exact index of the corpus's vectors by {@code encoder}: from the workspace's saved embeddings when the
     * Index panel (or an earlier run) made them with the same model and settings, else embedded (and saved).
     */
    private VectorIndex corpusIndex(
            TextEncoder encoder,
            dev.nsw.gui.ModelChoice m,
            RetrievalDataset set,
            Workspace ws,
            dev.nsw.job.ProgressListener progress,
            dev.nsw.job.CancellationToken cancel)
            throws java.io.IOException {
        float[][] vectors;
        if (ws != null) {
            var cached = ws.corpusEmbeddings(encoder, m.slug(), set.corpus(), progress, cancel);
            vectors = cached.vectors();
            if (!cached.reused()) {
                model.countCorpusEmbedded();
            }
        } else {
            vectors = DenseRecall.embed(
                    encoder,
                    set.corpus().documents().stream()
                            .map(dev.nsw.data.Document::text)
                            .toList(),
                    "corpus",
                    progress,
                    cancel);
            model.countCorpusEmbedded();
        }
        return DenseRecall.buildIndex(
                encoder.modelId(), vectors, set.corpus(), DenseRecall.IndexSpec.exact(), progress, cancel);
    }

    /** How a hybrid run fuses BM25 and the dense model ({@link Fusion}). */
    public enum HybridKind {
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

    public BooleanBinding canRunHybrid() {
        return Bindings.createBooleanBinding(
                () -> model.evalSetProperty().get() != null
                        && model.bm25Property().get() != null
                        && !hybridRunning.get(),
                model.evalSetProperty(),
                model.bm25Property(),
                hybridRunning);
    }

    /**
     * A hybrid run of the test queries with the current BM25 index and the dense model {@code m}, through the
     * service {@code nsw recall --mode hybrid} calls ({@link HybridRecall}: each first stage to
     * {@link HybridRecall#firstStageDepth}, fused to {@link #RECALL_NUM}). For {@link HybridKind#CONVEX_TUNED}
     * the weight is tuned for nDCG@10 on the workspace's dev split ({@link Workspace#devSplit}; never the test
     * set) and saved in the run's settings with the curve; the run's name shows it.
     */
    public void runHybrid(dev.nsw.gui.ModelChoice m, HybridKind kind, Runnable then) {
        RetrievalDataset set = model.evalSetProperty().get();
        Bm25Index bm25 = model.bm25Property().get();
        if (set == null || bm25 == null) {
            model.statusProperty()
                    .set(
                            "Build the BM25 index in the Index panel first: a hybrid run fuses BM25 with the dense model.");
            return;
        }
        if (m == null || m.isFolderPicker() || hybridRunning.get()) {
            return;
        }
        Workspace ws = model.currentProperty().get();
        String pair = "BM25 " + bm25.options().analyzer().cliName() + " + "
                + denseRunName(m).substring("dense ".length());
        hybridRunning.set(true);
        model.executor()
                .submit(
                        kind + ": " + m.label(),
                        (progress, cancel) -> {
                            progress.progress(0, -1, "loading " + m.label());
                            try (TextEncoder encoder = InferenceRuntime.open(
                                    m.spec(), EncoderOptions.defaults(), InferenceRuntime.Choice.AUTO)) {
                                VectorIndex index = corpusIndex(encoder, m, set, ws, progress, cancel);
                                java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
                                settings.put("retriever", "hybrid");
                                settings.put(
                                        "analyzer", bm25.options().analyzer().cliName());
                                settings.put("model", m.label());
                                settings.put("model_spec", m.spec());
                                settings.put("model_id", encoder.modelId());
                                settings.put("index", "exact");
                                settings.put(
                                        "first_stage_depth",
                                        Integer.toString(HybridRecall.firstStageDepth(RECALL_NUM)));
                                settings.put("data", set.name());
                                Fusion.Method method;
                                String name;
                                if (kind == HybridKind.RRF) {
                                    method = new Fusion.Rrf(Fusion.RRF_K);
                                    settings.put("fusion", "rrf");
                                    settings.put("rrf_k", Integer.toString(Fusion.RRF_K));
                                    name = "hybrid RRF (" + pair + ")";
                                } else {
                                    if (ws == null) {
                                        throw new IllegalStateException("tuning needs a workspace with a dev split");
                                    }
                                    Workspace.DevSplit split = ws.devSplit(set)
                                            .orElseThrow(
                                                    () -> new IllegalStateException(
                                                            ws.folder()
                                                                    + " has no dev split to tune the weight on (dev.csv beside test.csv, or a BEIR qrels/dev.tsv or train.tsv);"
                                                                    + " the test set is never used for tuning: run Hybrid RRF, which needs none"));
                                    progress.progress(0, -1, "tuning the dense weight on " + split.source());
                                    dev.nsw.eval.Scoring scoring = dev.nsw.eval.Scoring.defaultsFor(split.set());
                                    Fusion.Tuning t = HybridRecall.tune(
                                            bm25,
                                            encoder,
                                            index,
                                            split.set(),
                                            RECALL_NUM,
                                            r -> RetrievalMetrics.evaluate(split.set(), r, scoring)
                                                    .ndcg10(),
                                            progress,
                                            cancel);
                                    method = t.method();
                                    settings.put("fusion", "convex");
                                    settings.put(WEIGHT, String.format(Locale.ROOT, "%.2f", t.weight()));
                                    settings.put(TUNED_ON, split.source());
                                    settings.put(
                                            "tuned_queries",
                                            Integer.toString(
                                                    split.set().queries().size()));
                                    settings.put("tuned_ndcg10", String.format(Locale.ROOT, "%.4f", t.objective()));
                                    StringBuilder curve = new StringBuilder();
                                    t.curve()
                                            .forEach((w, v) -> curve.append(String.format(
                                                    Locale.ROOT, "%s%.2f:%.4f", curve.isEmpty() ? "" : " ", w, v)));
                                    settings.put("tuning_curve", curve.toString());
                                    name = String.format(
                                            Locale.ROOT,
                                            "hybrid w %.2f tuned on %s (%s)",
                                            t.weight(),
                                            split.source().replaceFirst(" \\(.*", ""),
                                            pair);
                                }
                                Scoring scoring = Scoring.defaultsFor(set);
                                RecallRun run = scoring.asWritten(
                                        HybridRecall.recall(
                                                bm25,
                                                encoder,
                                                index,
                                                set.queries(),
                                                scoring.retrievalDepth(RECALL_NUM),
                                                method,
                                                progress,
                                                cancel),
                                        RECALL_NUM);
                                return new HybridResult(
                                        new RunResult(name, run, RetrievalMetrics.evaluate(set, run)), settings);
                            }
                        },
                        result -> {
                            hybridRunning.set(false);
                            if (model.currentProperty().get() != ws) {
                                return;
                            }
                            String name = result.run().name();
                            runSettings.put(name, result.settings());
                            addRun(result.run());
                            tunedWeightOf(result.settings()).ifPresent(model::setTunedHybrid);
                            model.statusProperty()
                                    .set(String.format(
                                            Locale.ROOT,
                                            "%s: Recall@10 %.3f, nDCG@10 %.4f on %,d queries%s",
                                            name,
                                            result.run().metrics().recall(10),
                                            result.run().metrics().ndcg10(),
                                            result.run().metrics().queries(),
                                            result.settings().containsKey(WEIGHT)
                                                    ? " · dense weight "
                                                            + result.settings().get(WEIGHT) + " (dev nDCG@10 "
                                                            + result.settings().get("tuned_ndcg10") + " on "
                                                            + result.settings().get(TUNED_ON) + ")"
                                                    : ""));
                            then.run();
                        },
                        error -> {
                            hybridRunning.set(false);
                            model.dialogs().showError("Hybrid run failed", error);
                        },
                        () -> hybridRunning.set(false));
    }

    private record HybridResult(RunResult run, java.util.Map<String, String> settings) {}

    /** Settings keys of a tuned hybrid run: the dense weight and the split it was tuned on. */
    static final String WEIGHT = "weight";

    static final String TUNED_ON = "tuned_on";

    private static java.util.Optional<WorkbenchModel.TunedHybrid> tunedWeightOf(
            java.util.Map<String, String> settings) {
        if (!"convex".equals(settings.get("fusion")) || settings.get(WEIGHT) == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new WorkbenchModel.TunedHybrid(
                    Double.parseDouble(settings.get(WEIGHT)),
                    settings.getOrDefault(TUNED_ON, "dev"),
                    settings.getOrDefault("model", "")));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** A run's saved settings as "key=value" lines (what made it: retriever, model, fusion, tuned weight …). */
    public String settingsText(RunResult r) {
        if (r == null) {
            return "";
        }
        java.util.Map<String, String> settings = runSettings.getOrDefault(r.name(), java.util.Map.of());
        StringBuilder sb = new StringBuilder();
        settings.forEach((k, v) -> {
            if (!k.equals("name") && !k.equals(SHOWN)) {
                sb.append(sb.isEmpty() ? "" : " · ").append(k).append(' ').append(v);
            }
        });
        return sb.toString();
    }

    // ---- rename, show/hide in the chart ----

    /**
     * Renames a run in the table, the chart and its saved settings (the files keep their names). Refused, with
     * the reason in the status bar, when the name is empty or another run has it.
     */
    public boolean rename(RunResult r, String newName) {
        String name = newName == null ? "" : newName.strip();
        if (r == null || name.equals(r.name())) {
            return false;
        }
        if (name.isEmpty() || runs.stream().anyMatch(x -> x.name().equals(name))) {
            model.statusProperty()
                    .set(
                            name.isEmpty()
                                    ? "A run needs a name."
                                    : "Another run is called " + name + ": pick another name.");
            return false;
        }
        int at = runs.indexOf(r);
        if (at < 0) {
            return false;
        }
        Path file = runFiles.remove(r.name());
        if (file != null) {
            try {
                EvalRuns.update(file, "name", name);
            } catch (RuntimeException e) {
                runFiles.put(r.name(), file);
                model.statusProperty().set("Cannot rename the run: " + e.getMessage());
                return false;
            }
            runFiles.put(name, file);
        }
        java.util.Map<String, String> settings = runSettings.remove(r.name());
        if (settings != null) {
            java.util.Map<String, String> renamed = new java.util.LinkedHashMap<>(settings);
            renamed.put("name", name);
            runSettings.put(name, renamed);
        }
        javafx.beans.property.BooleanProperty wasShown = shown.remove(r.name());
        RunResult now = new RunResult(name, r.run(), r.metrics());
        shownProperty(now).set(wasShown == null || wasShown.get());
        boolean a = runA.get() == r;
        boolean b = runB.get() == r;
        runs.set(at, now);
        if (a) {
            runA.set(now);
        }
        if (b) {
            runB.set(now);
        }
        model.statusProperty().set("Renamed " + r.name() + " to " + name);
        return true;
    }

    /** Whether {@code r} is drawn in the chart; unticking hides it there (remembered in the workspace). */
    public javafx.beans.property.BooleanProperty shownProperty(RunResult r) {
        return shown.computeIfAbsent(r.name(), n -> {
            javafx.beans.property.BooleanProperty p = new javafx.beans.property.SimpleBooleanProperty(true);
            p.addListener((o, was, now) -> {
                refreshChartRuns();
                Path file = runFiles.get(n);
                if (file != null) {
                    try {
                        EvalRuns.update(file, SHOWN, Boolean.toString(now));
                    } catch (RuntimeException e) {
                        model.statusProperty().set("Cannot save the run's chart setting: " + e.getMessage());
                    }
                }
            });
            return p;
        });
    }

    /** The runs drawn in the chart, overlaid (the ticked ones). */
    public ObservableList<RunResult> chartRuns() {
        return chartRuns;
    }

    private void refreshChartRuns() {
        chartRuns.setAll(runs.stream().filter(r -> shownProperty(r).get()).toList());
    }

    /**
     * Runs BM25 (when its index is built and not yet in the table), the first bundled model (the pretrained
     * baseline) and every model trained in the workspace, one after the other.
     */
    public void runPretrainedAndTrained(Runnable then) {
        java.util.Deque<Runnable> steps = new java.util.ArrayDeque<>();
        java.util.List<dev.nsw.gui.ModelChoice> todo = new java.util.ArrayList<>();
        for (dev.nsw.gui.ModelChoice m : model.models()) {
            if (m.trained() || todo.isEmpty()) {
                todo.add(m);
            }
        }
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            Runnable step = steps.poll();
            if (step == null) {
                then.run();
            } else {
                step.run();
            }
        };
        if (model.bm25Property().get() != null
                && runs.stream().noneMatch(r -> r.name().startsWith("BM25"))) {
            steps.add(() -> runBm25(next[0]));
        }
        for (dev.nsw.gui.ModelChoice m : todo) {
            steps.add(() -> runDense(m, next[0]));
        }
        next[0].run();
    }

    public BooleanBinding canRunBm25() {
        return Bindings.createBooleanBinding(
                () -> model.evalSetProperty().get() != null
                        && model.bm25Property().get() != null,
                model.evalSetProperty(),
                model.bm25Property());
    }

    /** Recalls the top {@link #RECALL_NUM} for every test query with the current BM25 index and scores the run. */
    public void runBm25(Runnable then) {
        RetrievalDataset set = model.evalSetProperty().get();
        Bm25Index index = model.bm25Property().get();
        if (set == null || index == null) {
            model.statusProperty().set("Build the BM25 index in the Index panel first.");
            return;
        }
        String name = new Bm25Retriever(index).name();
        Workspace ws = model.currentProperty().get();
        runSettings.put(
                name,
                java.util.Map.of(
                        "retriever",
                        "bm25",
                        "analyzer",
                        index.options().analyzer().cliName(),
                        "k1",
                        Float.toString(index.options().k1()),
                        "b",
                        Float.toString(index.options().b()),
                        "data",
                        set.name()));
        model.executor()
                .submit(
                        "BM25 recall on " + set.name(),
                        (progress, cancel) -> {
                            // the workspace's scoring rule applied as the run is made (a query's own id is
                            // never a hit under BEIR's), so the saved TREC run is what every panel scores
                            Scoring scoring = Scoring.defaultsFor(set);
                            RecallRun run = scoring.asWritten(
                                    index.searchAll(
                                            set.queries(), scoring.retrievalDepth(RECALL_NUM), 2, progress, cancel),
                                    RECALL_NUM);
                            return new RunResult(name, run, RetrievalMetrics.evaluate(set, run));
                        },
                        result -> {
                            if (model.currentProperty().get() != ws) {
                                return;
                            }
                            addRun(result);
                            model.statusProperty()
                                    .set(String.format(
                                            Locale.ROOT,
                                            "%s: Recall@10 %.3f on %,d queries",
                                            name,
                                            result.metrics().recall(10),
                                            result.metrics().queries()));
                            then.run();
                        },
                        error -> model.dialogs().showError("BM25 recall failed", error));
    }

    /**
     * Adds a run (replacing one of the same name), saves it in the workspace ({@link EvalRuns}: TREC run +
     * settings) and picks it for the comparison when a side is free.
     */
    public void addRun(RunResult result) {
        addRun(result, true);
    }

    private void addRun(RunResult result, boolean save) {
        Workspace ws = model.currentProperty().get();
        if (save && ws != null) {
            try {
                runFiles.put(
                        result.name(),
                        EvalRuns.save(
                                ws,
                                result.name(),
                                result.run(),
                                runSettings.getOrDefault(result.name(), java.util.Map.of())));
            } catch (RuntimeException e) {
                model.statusProperty().set("Cannot save the run " + result.name() + ": " + e.getMessage());
            }
        }
        int at = -1;
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).name().equals(result.name())) {
                at = i;
            }
        }
        if (at >= 0) {
            RunResult old = runs.set(at, result);
            if (runA.get() == old) {
                runA.set(result);
            }
            if (runB.get() == old) {
                runB.set(result);
            }
        } else {
            runs.add(result);
            if (runA.get() == null) {
                runA.set(result);
            } else if (runB.get() == null) {
                runB.set(result);
            }
        }
    }

    private void recompare() {
        winLoss.clear();
        updateSignificanceSummary();
        RunResult a = runA.get();
        RunResult b = runB.get();
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

    /**
     * Tests every run against run A (the baseline) on R@10, MRR@10 and nDCG@10 off the FX thread
     * ({@link RunSignificance#against}, as {@code nsw evaluate --significance}); a result that arrives after
     * the runs or the baseline changed again is dropped.
     */
    private void recomputeSignificance() {
        significance.set(null);
        RunResult base = runA.get();
        int generation = ++significanceGeneration;
        if (base == null || runs.size() < 2 || !runs.contains(base)) {
            updateSignificanceSummary();
            return;
        }
        List<RunSignificance.NamedReport> list = new ArrayList<>();
        list.add(new RunSignificance.NamedReport(base.name(), base.metrics()));
        runs.stream()
                .filter(r -> r != base)
                .forEach(r -> list.add(new RunSignificance.NamedReport(r.name(), r.metrics())));
        model.executor()
                .submit(
                        "Significance against " + base.name(),
                        (progress, cancel) -> {
                            progress.progress(
                                    0, -1, "paired tests over " + base.metrics().queries() + " queries");
                            return RunSignificance.against(list, PairedSignificance.Options.defaults());
                        },
                        result -> {
                            if (generation == significanceGeneration) {
                                significance.set(result);
                                updateSignificanceSummary();
                            }
                        },
                        error -> model.dialogs().showError("Significance test failed", error));
    }

    private void updateSignificanceSummary() {
        RunSignificance s = significance.get();
        RunResult b = runB.get();
        if (s == null || b == null || b == runA.get()) {
            significanceSummary.set(runs.size() < 2 ? "" : "Significance: pick two different runs.");
            return;
        }
        StringBuilder text = new StringBuilder("Is the difference real? " + b.name() + " − " + s.baseline() + ": ");
        List<String> parts = new ArrayList<>();
        for (RunSignificance.Metric m : RunSignificance.Metric.values()) {
            s.find(b.name(), m).ifPresent(c -> {
                String fmt = m == RunSignificance.Metric.RECALL_10 ? "%+.2f" : "%+.4f";
                parts.add(String.format(
                        Locale.ROOT,
                        "%s " + fmt + " (95%% CI " + fmt + " … " + fmt + ", p perm %s, p t %s%s)%s",
                        m.label(),
                        c.result().meanDiff(),
                        c.result().ciLow(),
                        c.result().ciHigh(),
                        pText(c.result().randomizationP()),
                        pText(c.result().tTestP()),
                        s.comparisons().size() > RunSignificance.Metric.values().length
                                ? ", p Holm " + pText(c.holmP())
                                : "",
                        c.mark().isEmpty() ? "" : " " + c.mark()));
            });
        }
        text.append(String.join("; ", parts)).append(". ").append(s.method());
        significanceSummary.set(text.toString());
    }

    private static String pText(double p) {
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    /**
     * The significance mark of a run's cell against run A: "▲" significantly better, "▼" worse, "" when not
     * significant, not tested yet, or the run is the baseline itself.
     */
    public String mark(RunResult run, RunSignificance.Metric metric) {
        RunSignificance s = significance.get();
        return s == null
                ? ""
                : s.find(run.name(), metric)
                        .map(RunSignificance.Comparison::mark)
                        .orElse("");
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
    public javafx.beans.property.ReadOnlyObjectProperty<RunSignificance> significanceProperty() {
        return significance.getReadOnlyProperty();
    }

    /** The tests of run B against run A in words, with the method. */
    public ReadOnlyStringProperty significanceSummaryProperty() {
        return significanceSummary.getReadOnlyProperty();
    }

    private static WinLossRow row(RetrievalDataset set, RunComparison.Diff d, String winner) {
        String text = set.queryById(d.queryId()).map(Query::text).orElse(d.queryId());
        return new WinLossRow(d.queryId(), text, winner, d.rankA(), d.rankB());
    }

    public void openInSearch(WinLossRow row) {
        if (row != null) {
            model.openInSearch(row.query());
        }
    }

    /** Writes the metrics table as CSV (header: run, R@1 … nDCG@10), atomically. */
    public void exportCsv(Path file) {
        List<String> lines = new ArrayList<>();
        if (!runs.isEmpty()) {
            List<String> header = new ArrayList<>(List.of("run"));
            header.addAll(runs.getFirst().metrics().header());
            header.add("queries");
            lines.add(String.join(",", header));
            for (RunResult r : runs) {
                List<String> row = new ArrayList<>(List.of(csv(r.name())));
                row.addAll(r.metrics().row());
                row.add(Integer.toString(r.metrics().queries()));
                lines.add(String.join(",", row));
            }
        }
        AtomicFiles.writeText(file, out -> {
            for (String l : lines) {
                out.write(l);
                out.write('\n');
            }
        });
        model.statusProperty().set("Wrote " + file);
    }

    /**
     * Writes one line per test query: its id and text, then for each run the rank of the first gold
     * document in the top {@link #RECALL_NUM} (0 = not found) — what a spreadsheet or a significance test
     * takes. Atomic.
     */
    public void exportPerQueryCsv(Path file) {
        RetrievalDataset set = model.evalSetProperty().get();
        List<RunResult> all = List.copyOf(runs);
        AtomicFiles.writeText(file, out -> {
            StringBuilder header = new StringBuilder("query_id,query");
            for (RunResult r : all) {
                header.append(',').append(csv(r.name() + " first gold rank"));
            }
            out.write(header.append('\n').toString());
            if (set == null) {
                return;
            }
            for (Query q : set.queries()) {
                StringBuilder line = new StringBuilder(csv(q.id())).append(',').append(csv(q.text()));
                for (RunResult r : all) {
                    line.append(',')
                            .append(RetrievalMetrics.firstRelevantRank(r.run().ranking(q.id()), set.relevant(q.id())));
                }
                out.write(line.append('\n').toString());
            }
        });
        model.statusProperty().set("Wrote " + file);
    }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    public ObservableList<RunResult> runs() {
        return runs;
    }

    public ObjectProperty<RunResult> runAProperty() {
        return runA;
    }

    public ObjectProperty<RunResult> runBProperty() {
        return runB;
    }

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

    /** Recall@K of a run at each cut-off, for the chart. */
    public List<double[]> recallCurve(RunResult run) {
        MetricsReport m = run.metrics();
        List<double[]> points = new ArrayList<>();
        m.recallAt().keySet().forEach(cut -> points.add(new double[] {cut, m.recall(cut)}));
        return points;
    }
}
