package dev.nsw.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.gui.compare.CompareViewModel;
import dev.nsw.gui.compare.RunResult;
import dev.nsw.gui.index.IndexViewModel;
import dev.nsw.gui.search.FusedRow;
import dev.nsw.gui.search.SearchViewModel;
import dev.nsw.gui.task.SyncTaskExecutor;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.retrieval.Retriever;
import dev.nsw.workspace.EvalRuns;
import dev.nsw.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hybrid retrieval in the workbench, on a copy of sample-data/zh (test.csv scored, dev.csv for tuning) with a
 * tiny random model, jobs inline: Compare's hybrid runs (RRF, and convex with the weight tuned on dev — never
 * test — saved and shown), Search's hybrid list with both first-stage ranks, and renaming / hiding saved runs.
 * Fused rankings are checked against reciprocal-rank fusion written out here.
 */
class HybridViewModelsTest {
    @TempDir
    Path dir;

    Path ws;
    ModelChoice tiny;
    RecordingDialogs dialogs = new RecordingDialogs();
    SyncTaskExecutor executor = new SyncTaskExecutor();
    WorkbenchModel model;
    IndexViewModel index;
    SearchViewModel search;
    CompareViewModel compare;

    @BeforeEach
    void open() throws Exception {
        ws = TinyModel.copySample(dir.resolve("ws"));
        tiny = ModelChoice.folder(TinyModel.write(dir.resolve("tiny-model")), null);
        model = new WorkbenchModel(executor, dialogs, Settings.inMemory());
        index = new IndexViewModel(model);
        search = new SearchViewModel(model);
        compare = new CompareViewModel(model);
        model.openWorkspace(ws);
        model.catalogue().add(tiny);
        index.buildBm25();
        assertThat(model.bm25Property().get()).isNotNull();
    }

    /** RRF as the paper writes it: Σ over the two lists of 1 / (60 + rank); ties by document id, descending. */
    private static List<String> rrfByHand(List<ScoredDoc> a, List<ScoredDoc> b, int k) {
        Map<String, Double> score = new HashMap<>();
        for (List<ScoredDoc> list : List.of(a, b)) {
            for (int i = 0; i < list.size(); i++) {
                score.merge(list.get(i).docId(), 1.0 / (60 + i + 1), Double::sum);
            }
        }
        return score.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .limit(k)
                .map(Map.Entry::getKey)
                .toList();
    }

    @Test
    void compareRunsRrfHybridEqualToFusionByHandAndSavesIt() throws Exception {
        compare.runHybrid(tiny, CompareViewModel.HybridKind.RRF);
        assertThat(dialogs.errors).isEmpty();
        RunResult hybrid = compare.runs().getLast();
        assertThat(hybrid.name())
                .isEqualTo("hybrid RRF (BM25 "
                        + model.bm25Property().get().options().analyzer().cliName() + " + tiny-model)");

        // the first stages, computed here: BM25 and exact dense search, each to max(100, 2·50) = 100
        RetrievalDataset set = model.evalSetProperty().get();
        Bm25Index bm25 = model.bm25Property().get();
        RecallRun lexical = bm25.searchAll(set.queries(), 100, 1, ProgressListener.NONE, CancellationToken.NEVER);
        RecallRun dense;
        try (TextEncoder encoder =
                InferenceRuntime.open(tiny.spec(), EncoderOptions.defaults(), InferenceRuntime.Choice.AUTO)) {
            VectorIndex exact = DenseRecall.buildIndex(
                    encoder,
                    set.corpus(),
                    DenseRecall.IndexSpec.exact(),
                    ProgressListener.NONE,
                    CancellationToken.NEVER);
            dense = DenseRecall.recall(
                    encoder, exact, set.queries(), 100, ProgressListener.NONE, CancellationToken.NEVER);
        }
        Map<String, List<ScoredDoc>> byHand = new LinkedHashMap<>();
        for (Query q : set.queries()) {
            List<String> ids = rrfByHand(lexical.ranking(q.id()), dense.ranking(q.id()), 50);
            assertThat(hybrid.run().ranking(q.id()))
                    .extracting(ScoredDoc::docId)
                    .as(q.id())
                    .containsExactlyElementsOf(ids);
            List<ScoredDoc> docs = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                docs.add(new ScoredDoc(ids.get(i), ids.size() - i)); // scores that keep the order by hand
            }
            byHand.put(q.id(), docs);
        }
        assertThat(hybrid.metrics().recall(10))
                .isEqualTo(RetrievalMetrics.evaluate(set, new RecallRun("x", byHand))
                        .recall(10));

        // saved in the workspace with what made it
        List<EvalRuns.SavedRun> saved = EvalRuns.list(Workspace.open(ws), new ArrayList<>());
        assertThat(saved).extracting(EvalRuns.SavedRun::name).contains(hybrid.name());
        Map<String, String> settings = saved.stream()
                .filter(r -> r.name().equals(hybrid.name()))
                .findFirst()
                .orElseThrow()
                .settings();
        assertThat(settings)
                .containsEntry("retriever", "hybrid")
                .containsEntry("fusion", "rrf")
                .containsEntry("rrf_k", "60")
                .containsEntry("first_stage_depth", "100");
        assertThat(model.corporaEmbedded()).isEqualTo(1); // embedded once, then saved
    }

    @Test
    void convexWeightIsTunedOnDevNeverTestSavedShownAndOfferedInSearch() throws Exception {
        compare.runHybrid(tiny, CompareViewModel.HybridKind.CONVEX_TUNED);
        assertThat(dialogs.errors).isEmpty();
        RunResult hybrid = compare.runs().getLast();
        assertThat(hybrid.name()).matches("hybrid w \\d\\.\\d\\d tuned on dev\\.csv \\(BM25 .* \\+ tiny-model\\)");
        String settings = compare.settingsText(hybrid);
        assertThat(settings)
                .contains("fusion convex")
                .contains("tuned_on dev.csv")
                .contains("weight ")
                .contains("tuning_curve 0.00:");

        Map<String, String> saved = EvalRuns.list(Workspace.open(ws), new ArrayList<>()).stream()
                .filter(r -> r.name().equals(hybrid.name()))
                .findFirst()
                .orElseThrow()
                .settings();
        // tuned on dev.csv's queries, not test.csv's
        RetrievalDataset devSet = RetrievalDataset.readRecipe(
                ws.resolve("dev.csv"), ws.resolve("corpus.csv"), dev.nsw.data.ReadOptions.LENIENT);
        assertThat(Integer.parseInt(saved.get("tuned_queries")))
                .isEqualTo(devSet.queries().size())
                .isNotEqualTo(model.evalSetProperty().get().queries().size());
        // the chosen weight is the best point of the saved curve (ties: the one nearest 0.5)
        double weight = Double.parseDouble(saved.get("weight"));
        Map<Double, Double> curve = new LinkedHashMap<>();
        for (String point : saved.get("tuning_curve").split(" ")) {
            String[] wv = point.split(":");
            curve.put(Double.parseDouble(wv[0]), Double.parseDouble(wv[1]));
        }
        assertThat(curve).hasSize(21);
        double best =
                curve.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(curve.get(weight)).isEqualTo(best);
        assertThat(Double.parseDouble(saved.get("tuned_ndcg10"))).isEqualTo(best);

        // Search offers the tuned weight beside RRF
        assertThat(model.tunedHybridProperty().get().weight()).isEqualTo(weight);
        assertThat(search.fusions()).hasSize(3).startsWith(SearchViewModel.LABEL_FREE, SearchViewModel.RRF);
        // with a dev split, Compare offers the tuned weight first
        assertThat(compare.defaultHybridKindProperty().get()).isEqualTo(CompareViewModel.HybridKind.CONVEX_TUNED);
        assertThat(search.fusionProperty().get()).contains(saved.get("weight")).contains("dev.csv");

        // reopening the workspace restores the run and the tuned weight from its saved settings
        model.openWorkspace(ws);
        assertThat(compare.runs()).extracting(RunResult::name).contains(hybrid.name());
        assertThat(model.tunedHybridProperty().get().weight()).isEqualTo(weight);
    }

    @Test
    void convexTuningIsRefusedWithoutADevSplit() throws Exception {
        Files.delete(ws.resolve("dev.csv"));
        model.openWorkspace(ws);
        index.buildBm25();
        // offered disabled, with the reason; asked anyway, a one-line refusal — never a failed job's stack trace
        assertThat(compare.tuningRefusalProperty().get())
                .contains("No dev split")
                .contains("never tuned on")
                .contains("label-free");
        // without one, Compare offers the label-free weight first (nsw recall --mode hybrid's default)
        assertThat(compare.defaultHybridKindProperty().get()).isEqualTo(CompareViewModel.HybridKind.LABEL_FREE);
        assertThat(compare.runHybrid(tiny, CompareViewModel.HybridKind.CONVEX_TUNED)
                        .started())
                .isFalse();
        assertThat(model.statusProperty().get())
                .isEqualTo(compare.tuningRefusalProperty().get());
        assertThat(dialogs.errors).isEmpty();
        assertThat(compare.runs()).noneMatch(r -> r.name().startsWith("hybrid"));
        // RRF needs no dev split
        assertThat(compare.runHybrid(tiny, CompareViewModel.HybridKind.RRF).started())
                .isTrue();
    }

    @Test
    void searchShowsTheHybridListWithBothFirstStageRanks() throws Exception {
        index.denseModelProperty().set(tiny);
        index.buildDense();
        // the default is Compare's default without a dev split: the label-free weight
        assertThat(search.hybridTitleProperty().get()).isEqualTo("Hybrid · " + SearchViewModel.LABEL_FREE);
        Query q = model.evalSetProperty().get().queries().get(3);
        search.queryProperty().set(q.text());
        search.search();
        Retriever lexicalSide =
                new dev.nsw.retrieval.Bm25Retriever(model.bm25Property().get());
        List<ScoredDoc> lexical100 = lexicalSide.search(q.text(), 100);
        List<ScoredDoc> dense100 = model.denseProperty().get().search(q.text(), 100);
        // before Compare has made a label-free run: the weight from this query's own two lists, and why, in the
        // heading, which says so (its tooltip the whole line)
        var choice = dev.nsw.retrieval.Fusion.labelFree(
                new dev.nsw.data.RecallRun("bm25", java.util.Map.of("q", lexical100)),
                new dev.nsw.data.RecallRun("dense", java.util.Map.of("q", dense100)));
        assertThat(search.hybridTitleProperty().get())
                .isEqualTo(String.format(
                        java.util.Locale.ROOT,
                        "Hybrid · label-free weight %.2f from this query's own lists"
                                + " (no label-free run in Compare yet)",
                        choice.method().weight()));
        assertThat(search.hybridWhyProperty().get())
                .endsWith(": " + choice.reason())
                .contains("sd above its list");
        assertThat(search.hybridHits())
                .extracting(FusedRow::docId)
                .containsExactlyElementsOf(dev.nsw.retrieval.Fusion.fuse(
                                new dev.nsw.data.RecallRun("bm25", java.util.Map.of("q", lexical100)),
                                new dev.nsw.data.RecallRun("dense", java.util.Map.of("q", dense100)),
                                choice.method(),
                                10)
                        .ranking("q")
                        .stream()
                        .map(ScoredDoc::docId)
                        .toList());

        search.fusionProperty().set(SearchViewModel.RRF);
        assertThat(search.hybridTitleProperty().get()).isEqualTo("Hybrid · " + SearchViewModel.RRF);
        search.search();
        assertThat(dialogs.errors).isEmpty();
        assertThat(search.hybridHits()).hasSize(10);

        // by hand: each retriever to depth 100, RRF, top 10
        Retriever bm25 =
                new dev.nsw.retrieval.Bm25Retriever(model.bm25Property().get());
        Retriever dense = model.denseProperty().get();
        List<ScoredDoc> a = bm25.search(q.text(), 100);
        List<ScoredDoc> b = dense.search(q.text(), 100);
        assertThat(search.hybridHits()).extracting(FusedRow::docId).containsExactlyElementsOf(rrfByHand(a, b, 10));
        for (FusedRow r : search.hybridHits()) {
            int inA = a.stream().map(ScoredDoc::docId).toList().indexOf(r.docId()) + 1;
            int inB = b.stream().map(ScoredDoc::docId).toList().indexOf(r.docId()) + 1;
            assertThat(r.bm25Rank()).isEqualTo(inA);
            assertThat(r.denseRank()).isEqualTo(inB);
            double rrf = (inA > 0 ? 1.0 / (60 + inA) : 0) + (inB > 0 ? 1.0 / (60 + inB) : 0);
            assertThat(r.score()).isCloseTo(rrf, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(r.scoreLabel()).startsWith("RRF ");
        }
        // the side lists are the top 10 of the same first stages
        assertThat(search.bm25Hits())
                .extracting(h -> h.docId())
                .containsExactlyElementsOf(
                        a.subList(0, 10).stream().map(ScoredDoc::docId).toList());
        assertThat(search.noteProperty().get()).contains("hybrid ");
    }

    /**
     * One truth in every panel: after Compare's label-free run over the test queries, Search's label-free list for
     * each test query is the first 10 of that run (same documents, same order), fused with the run's weight, which
     * the heading names; reopening the workspace republishes it from the saved run, every digit.
     */
    @Test
    void searchFusesWithTheWeightOfComparesLabelFreeRun() throws Exception {
        index.denseModelProperty().set(tiny);
        index.buildDense();
        compare.runHybrid(tiny, CompareViewModel.HybridKind.LABEL_FREE);
        assertThat(dialogs.errors).isEmpty();
        RunResult labelFree = compare.runs().getLast();
        assertThat(compare.settingsText(labelFree)).contains("weight_from label-free");
        WorkbenchModel.LabelFreeHybrid published =
                model.labelFreeHybridProperty().get();
        assertThat(published).isNotNull();
        // the weight is the one Fusion.labelFree chooses over the run's own first stages (all test queries), not a
        // query's own
        RetrievalDataset set = model.evalSetProperty().get();
        Bm25Index bm25 = model.bm25Property().get();
        Retriever lexicalSide = new dev.nsw.retrieval.Bm25Retriever(bm25);
        Retriever denseSide = model.denseProperty().get();
        Map<String, List<ScoredDoc>> lexicalRuns = new LinkedHashMap<>();
        Map<String, List<ScoredDoc>> denseRuns = new LinkedHashMap<>();
        for (Query q : set.queries()) {
            lexicalRuns.put(q.id(), lexicalSide.search(q.text(), 100));
            denseRuns.put(q.id(), denseSide.search(q.text(), 100));
        }
        var overSet = dev.nsw.retrieval.Fusion.labelFree(
                new RecallRun("bm25", lexicalRuns), new RecallRun("dense", denseRuns));
        assertThat(published.weight()).isEqualTo(overSet.method().weight());
        assertThat(published.queries()).isEqualTo(set.queries().size());
        assertThat(published.reason()).isEqualTo(overSet.reason());

        assertThat(search.fusionProperty().get()).isEqualTo(SearchViewModel.LABEL_FREE);
        String heading = String.format(
                java.util.Locale.ROOT,
                "Hybrid · label-free weight %.2f (from Compare's run over %d test queries)",
                published.weight(),
                set.queries().size());
        assertThat(search.hybridTitleProperty().get()).isEqualTo(heading);
        int differsFromOwnWeight = 0;
        for (Query q : set.queries()) {
            assertSearchHybridIsTheRunsTop10(q, labelFree, "hybrid");
            assertThat(search.hybridTitleProperty().get()).isEqualTo(heading);
            assertThat(search.hybridWhyProperty().get()).contains(overSet.reason());
            var own = dev.nsw.retrieval.Fusion.labelFree(
                    new RecallRun("bm25", Map.of("q", lexicalRuns.get(q.id()))),
                    new RecallRun("dense", Map.of("q", denseRuns.get(q.id()))));
            if (own.method().weight() != published.weight()) {
                differsFromOwnWeight++;
            }
        }
        // the check has teeth: per query, the old behaviour would have used another weight
        assertThat(differsFromOwnWeight).isPositive();
        assertThat(dialogs.errors).isEmpty();

        // reopened, the saved run's weight is Search's again — every digit, not the two its name shows
        model.openWorkspace(ws);
        assertThat(model.labelFreeHybridProperty().get())
                .as("was: forgotten on reopening, so Search weighed each query by its own lists")
                .isNotNull()
                .satisfies(p -> {
                    assertThat(p.weight()).isEqualTo(published.weight());
                    assertThat(p.queries()).isEqualTo(published.queries());
                    assertThat(p.reason()).isEqualTo(published.reason());
                });
        for (Query q : set.queries().subList(0, 5)) {
            assertSearchHybridIsTheRunsTop10(q, labelFree, "hybrid after reopening");
        }
        assertThat(dialogs.errors).isEmpty();
    }

    /** Searches {@code q} in Search: its hybrid list is the first 10 of {@code run} for that query, in order. */
    private void assertSearchHybridIsTheRunsTop10(Query q, RunResult run, String what) {
        search.queryProperty().set(q.text());
        search.search();
        assertThat(search.hybridHits())
                .as("%s %s", q.id(), what)
                .extracting(FusedRow::docId)
                .containsExactlyElementsOf(run.run().ranking(q.id()).stream()
                        .limit(10)
                        .map(ScoredDoc::docId)
                        .toList());
    }

    @Test
    void renameAndHideSavedRunsSurviveReopening() {
        compare.runBm25();
        compare.runHybrid(tiny, CompareViewModel.HybridKind.RRF);
        RunResult bm25 = compare.runs().getFirst();
        String bm25Name = bm25.name();
        assertThat(compare.rename(bm25, "my baseline")).isTrue();
        assertThat(compare.runs()).extracting(RunResult::name).startsWith("my baseline");
        assertThat(compare.runAProperty().get().name()).isEqualTo("my baseline"); // A followed the rename
        // a name another run has, or an empty one, is refused
        RunResult hybrid = compare.runs().get(1);
        assertThat(compare.rename(hybrid, "my baseline")).isFalse();
        assertThat(compare.rename(hybrid, "  ")).isFalse();
        assertThat(compare.runs().get(1).name()).isEqualTo(hybrid.name());

        // hiding takes the run out of the chart's overlay
        assertThat(compare.chartRuns()).hasSize(2);
        compare.shownProperty(hybrid).set(false);
        assertThat(compare.chartRuns()).extracting(RunResult::name).containsExactly("my baseline");

        // BM25 again: a new run under the old name, and the renamed one is not overwritten
        compare.runBm25();
        assertThat(compare.runs()).extracting(RunResult::name).containsExactly("my baseline", hybrid.name(), bm25Name);

        model.openWorkspace(ws);
        assertThat(compare.runs())
                .extracting(RunResult::name)
                .containsExactlyInAnyOrder("my baseline", hybrid.name(), bm25Name);
        assertThat(compare.chartRuns()).extracting(RunResult::name).containsExactlyInAnyOrder("my baseline", bm25Name);
        assertThat(compare.settingsText(compare.runs().stream()
                        .filter(r -> r.name().equals("my baseline"))
                        .findFirst()
                        .orElseThrow()))
                .contains("retriever bm25");
    }
}
