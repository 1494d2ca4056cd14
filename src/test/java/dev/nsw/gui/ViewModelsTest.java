package dev.nsw.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.data.DataFile;
import dev.nsw.data.FileKind;
import dev.nsw.data.LabeledPair;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.eval.RunComparison;
import dev.nsw.eval.RunSignificance;
import dev.nsw.gui.annotate.AnnotateViewModel;
import dev.nsw.gui.compare.CompareViewModel;
import dev.nsw.gui.compare.RunResult;
import dev.nsw.gui.datasets.DatasetEntry;
import dev.nsw.gui.datasets.DatasetsViewModel;
import dev.nsw.gui.index.IndexViewModel;
import dev.nsw.gui.search.DocumentDetail;
import dev.nsw.gui.search.HitRow;
import dev.nsw.gui.search.SearchViewModel;
import dev.nsw.gui.task.SyncTaskExecutor;
import dev.nsw.gui.train.TrainFormViewModel;
import dev.nsw.gui.train.TrainViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The panels' view models on a tiny workspace, with jobs run inline: no toolkit, no threads. */
class ViewModelsTest {
    @TempDir
    Path dir;

    Path ws;
    RecordingDialogs dialogs = new RecordingDialogs();
    SyncTaskExecutor executor = new SyncTaskExecutor();
    Settings settings = Settings.inMemory();
    WorkbenchModel model;
    DatasetsViewModel datasets;
    IndexViewModel index;
    SearchViewModel search;
    CompareViewModel compare;
    AnnotateViewModel annotate;

    @BeforeEach
    void open() throws Exception {
        ws = TinyData.write(dir.resolve("ws"));
        model = new WorkbenchModel(executor, dialogs, settings);
        datasets = new DatasetsViewModel(model);
        index = new IndexViewModel(model);
        search = new SearchViewModel(model);
        compare = new CompareViewModel(model);
        annotate = new AnnotateViewModel(model);
        boolean[] done = {false};
        model.openWorkspace(ws).whenSucceeded(() -> done[0] = true);
        assertThat(done[0]).isTrue();
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void openingAWorkspaceLoadsTheTestSetListsTheFilesAndRemembersIt() {
        assertThat(model.evalSetProperty().get().queries()).hasSize(8);
        assertThat(model.evalSetProperty().get().corpus().size()).isEqualTo(24);
        assertThat(datasets.entries())
                .extracting(DatasetEntry::name)
                .containsExactly("bad_pairs.csv", "corpus.csv", "labeled.tsv", "test.csv");
        assertThat(settings.recentWorkspaces())
                .containsExactly(ws.toAbsolutePath().normalize());
        assertThat(model.recentWorkspaces()).hasSize(1);
    }

    @Test
    void datasetsShowStatisticsHistogramPreviewAndBadLinesWithNumbers() {
        DatasetEntry bad = datasets.entries().getFirst();
        datasets.selectedProperty().set(bad);
        assertThat(bad.stats().kind()).isEqualTo(FileKind.PAIRS);
        assertThat(bad.stats().records()).isEqualTo(2);
        assertThat(datasets.problems())
                .containsExactly(
                        "line 2: expected 2 tab-separated columns (query \\t similar text), found 1",
                        "line 3: expected 2 tab-separated columns (query \\t similar text), found 3");
        assertThat(datasets.summaryProperty().get()).contains("2 records").contains("2 bad lines");

        DatasetEntry corpus = datasets.entries().get(1);
        datasets.selectedProperty().set(corpus);
        assertThat(corpus.preview()).hasSize(24);
        assertThat(corpus.preview().getFirst()).first().isEqualTo("1");
        assertThat(corpus.histogram().bins().stream().mapToInt(b -> b.count()).sum())
                .isEqualTo(24);
        assertThat(datasets.problems()).isEmpty();
    }

    @Test
    void aPairFileWithTheOpenedCorpusCanBecomeTheTestSet() {
        datasets.selectedProperty().set(datasets.entries().get(2)); // labeled.tsv: not a pair file
        assertThat(datasets.canUseAsTestSet().get()).isFalse();
        datasets.selectedProperty().set(datasets.entries().getFirst()); // bad_pairs.csv
        assertThat(datasets.canUseAsTestSet().get()).isTrue();
        datasets.useAsTestSet();
        assertThat(model.evalSetProperty().get().queries()).isEmpty();
        assertThat(model.evalSetProperty().get().skipped()).hasSize(4); // 2 bad lines + 2 targets not in the corpus
        datasets.selectedProperty().set(datasets.entries().get(3)); // test.csv
        datasets.useAsTestSet();
        assertThat(model.evalSetProperty().get().queries()).hasSize(8);
        assertThat(model.evalSetProperty().get().skipped()).isEmpty();
    }

    @Test
    void searchMarksTheGoldTargetAndSaysDenseIsNotLoaded() throws Exception {
        search.queryProperty().set(TinyData.testQueries(ws).getFirst());
        search.search();
        assertThat(search.noteProperty().get()).contains("No index");
        index.buildBm25();
        assertThat(model.bm25Property().get()).isNotNull();
        search.search();
        assertThat(search.bm25Hits()).hasSize(10);
        assertThat(search.bm25Hits()).anyMatch(HitRow::gold);
        assertThat(search.bm25Hits().getFirst().scoreLabel()).startsWith("BM25 ");
        assertThat(search.bm25Hits().getFirst().shift()).isEmpty();
        assertThat(search.denseHits()).isEmpty();
        assertThat(search.denseTitleProperty().get()).isEqualTo(SearchViewModel.NO_DENSE);
        assertThat(search.noteProperty().get()).contains("gold target marked").contains("BM25 finds it at rank");
    }

    @Test
    void denseRetrieverFromTheSeamIsShownBesideBm25WithOverlapAndShifts() {
        index.buildBm25();
        var corpus = model.evalSetProperty().get().corpus();
        model.denseProperty().set(new dev.nsw.retrieval.Retriever() {
            @Override
            public String name() {
                return "fake dense";
            }

            @Override
            public String scoreKind() {
                return "cosine";
            }

            @Override
            public List<dev.nsw.data.ScoredDoc> search(String query, int k) {
                return List.of(
                        new dev.nsw.data.ScoredDoc(corpus.get(5).id(), 0.9),
                        new dev.nsw.data.ScoredDoc("nowhere", 0.1));
            }
        });
        search.queryProperty().set("手机怎么取消");
        search.search();
        assertThat(search.denseHits()).hasSize(2);
        assertThat(search.denseHits().getFirst().scoreLabel()).isEqualTo("cosine 0.9000");
        assertThat(search.denseHits().get(1).shift()).isEqualTo("only here");
        assertThat(search.noteProperty().get()).contains("overlap");
        assertThat(search.noteProperty().get()).contains("Not a test query");
    }

    @Test
    void compareScoresBm25RunsAndListsWinsAndLossesFromCore() throws Exception {
        index.buildBm25();
        compare.runBm25();
        assertThat(compare.runs()).hasSize(1);
        RunResult standard = compare.runs().getFirst();
        assertThat(standard.metrics().recall(50)).isEqualTo(100.0);
        // The recipe's sample set is scored the recipe's way, and the panel says so under its table.
        assertThat(compare.scoringNoteProperty().get())
                .contains("Recall@K micro")
                .contains("every result kept");
        index.analyzerProperty().set("cjk-bigram");
        index.buildBm25();
        compare.runBm25();
        assertThat(compare.runs()).extracting(RunResult::name).containsExactly("BM25 standard", "BM25 cjk-bigram");
        compare.kProperty().set(1);
        RunComparison core = RunComparison.compare(
                "a", standard.metrics(), "b", compare.runs().get(1).metrics(), 1);
        assertThat(compare.winLoss()).hasSize(core.wins().size() + core.losses().size());

        // significance of run B against run A comes from the same core class as `nsw evaluate --significance`
        RunSignificance sig = compare.significanceProperty().get();
        assertThat(sig).isNotNull();
        assertThat(sig.baseline()).isEqualTo("BM25 standard");
        RunSignificance expected = RunSignificance.against(
                List.of(
                        new RunSignificance.NamedReport("BM25 standard", standard.metrics()),
                        new RunSignificance.NamedReport(
                                "BM25 cjk-bigram", compare.runs().get(1).metrics())),
                dev.nsw.eval.PairedSignificance.Options.defaults());
        assertThat(sig.comparisons()).isEqualTo(expected.comparisons());
        for (RunSignificance.Comparison c : expected.comparisons()) {
            assertThat(compare.mark(compare.runs().get(1), c.metric())).isEqualTo(c.mark());
            assertThat(compare.mark(standard, c.metric())).isEmpty();
        }
        assertThat(compare.significanceSummaryProperty().get())
                .startsWith("Is the difference real? BM25 cjk-bigram − BM25 standard")
                .contains("R@10", "MRR@10", "nDCG@10", "p perm", "one comparison, no correction");

        Path csv = dir.resolve("out/metrics.csv");
        compare.exportCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst()).isEqualTo("run,R@1,R@5,R@10,R@20,R@50,MRR@10,nDCG@10,queries");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("BM25 standard,");
    }

    @Test
    void compareRunsAreSavedInTheWorkspaceReloadedOnOpenAndExportedPerQuery() throws Exception {
        index.analyzerProperty().set("cjk-bigram");
        index.buildBm25();
        compare.runBm25();
        RunResult before = compare.runs().getFirst();
        assertThat(ws.resolve("eval-runs/bm25-cjk-bigram.trec")).isRegularFile();
        assertThat(Files.readString(ws.resolve("eval-runs/bm25-cjk-bigram.properties")))
                .contains("analyzer=cjk-bigram")
                .contains("retriever=bm25");

        boolean[] done = {false};
        model.openWorkspace(ws).whenSucceeded(() -> done[0] = true);
        assertThat(done[0]).isTrue();
        assertThat(compare.runs()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo(before.name());
            assertThat(r.metrics().summary()).isEqualTo(before.metrics().summary());
        });

        Path csv = dir.resolve("out/per-query.csv");
        compare.exportPerQueryCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst()).isEqualTo("query_id,query,BM25 cjk-bigram first gold rank");
        var set = model.evalSetProperty().get();
        assertThat(lines).hasSize(1 + set.queries().size());
        // independent check: every tiny test query has one gold text, so the share of queries whose first gold
        // rank is 1..5 is Recall@5
        assertThat(set.queries())
                .allSatisfy(q -> assertThat(set.relevant(q.id())).hasSize(1));
        long inTop5 = lines.stream()
                .skip(1)
                .mapToInt(l -> Integer.parseInt(l.substring(l.lastIndexOf(',') + 1)))
                .filter(r -> r >= 1 && r <= 5)
                .count();
        assertThat(100.0 * inTop5 / set.queries().size())
                .isEqualTo(before.metrics().recall(5), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void denseRunsOfTrainedModelsHaveReadableDistinctNames() {
        Path base = dir.resolve("w");
        var best = ModelChoice.folder(base.resolve("runs/inbatch-20261127-161502/best"), base);
        var last = ModelChoice.folder(base.resolve("runs/simcse-20261128-090000/final"), base);
        assertThat(CompareViewModel.denseRunName(best)).isEqualTo("dense inbatch 11-27 16:15:02 best");
        assertThat(CompareViewModel.denseRunName(last)).isEqualTo("dense simcse 11-28 09:00:00 final");
        assertThat(CompareViewModel.denseRunName(ModelChoice.bundled(dev.nsw.encoder.PretrainedModel.BGE_SMALL_ZH_V15)))
                .isEqualTo("dense bge-small-zh-v1.5");
    }

    @Test
    void theDocumentPaneExplainsBm25AndTheQueryBrowserJudgesQueriesByTheComparedRuns() {
        index.buildBm25();
        compare.runBm25();
        index.analyzerProperty().set("cjk-bigram");
        index.buildBm25();
        compare.runBm25();
        var set = model.evalSetProperty().get();
        RunResult a = compare.runs().get(0);
        RunResult b = compare.runs().get(1);
        search.setCompared(a.run(), b.run(), 1);
        assertThat(search.queries()).hasSize(set.queries().size());
        for (var row : search.queries()) {
            // independent: walk each run's ranking for the gold id by hand
            String goldId = set.relevant(row.id()).iterator().next();
            int ra = a.run().ranking(row.id()).stream()
                            .map(d -> d.docId())
                            .toList()
                            .indexOf(goldId)
                    + 1;
            int rb = b.run().ranking(row.id()).stream()
                            .map(d -> d.docId())
                            .toList()
                            .indexOf(goldId)
                    + 1;
            assertThat(row.rankA()).isEqualTo(ra);
            assertThat(row.rankB()).isEqualTo(rb);
            assertThat(row.outcome())
                    .isEqualTo(ra == 1 && rb == 1 ? "both" : ra == 1 ? "only A" : rb == 1 ? "only B" : "neither");
        }
        String first = search.queries().getFirst().text();
        search.queryFilterProperty().set(first);
        assertThat(search.queries()).extracting(r -> r.text()).contains(first).allMatch(t -> t.contains(first));
        search.queryFilterProperty().set("");

        search.searchQuery(search.queries().getFirst());
        assertThat(search.queryProperty().get()).isEqualTo(first);
        HitRow top = search.bm25Hits().getFirst();
        search.showDocument(top.docId(), "Selected hit");
        DocumentDetail d = search.detailProperty().get();
        assertThat(d.docId()).isEqualTo(top.docId());
        assertThat(d.bm25Rank()).isEqualTo(1);
        assertThat(d.bm25Score()).isEqualTo(top.score(), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(d.bm25Explanation()).contains("weight(").contains("k1").contains("b,");
        assertThat(d.matchedTerms()).isNotEmpty();
        for (int[] span : d.matchSpans()) {
            assertThat(d.matchedTerms())
                    .contains(d.text().substring(span[0], span[1]).toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(d.denseRank()).isEqualTo(-1); // no dense model loaded
    }

    @Test
    void doubleClickingAWinOpensTheQueryInSearch() {
        index.buildBm25();
        compare.runBm25();
        var row = new dev.nsw.gui.compare.WinLossRow(
                "q1", model.evalSetProperty().get().queries().getFirst().text(), "x", 1, 0);
        compare.openInSearch(row);
        assertThat(model.requests().panelProperty().get()).isEqualTo(Panel.SEARCH);
        assertThat(search.queryProperty().get()).isEqualTo(row.query());
        assertThat(search.bm25Hits()).isNotEmpty();
    }

    @Test
    void annotateLabelsMovesUndoesAndExports() throws Exception {
        assertThat(annotate.items()).hasSize(6); // labeled.tsv of the workspace
        assertThat(annotate.indexProperty().get()).isZero();
        annotate.label(0); // flips the first (file label 1), moves on
        assertThat(annotate.items().getFirst().label()).isZero();
        assertThat(annotate.indexProperty().get()).isEqualTo(1);
        annotate.label(1);
        assertThat(annotate.countsProperty().get()).contains("2 changed from the file");
        annotate.undo();
        assertThat(annotate.indexProperty().get()).isEqualTo(1);
        assertThat(annotate.items().get(1).label()).isZero();
        annotate.previous();
        annotate.previous();
        assertThat(annotate.indexProperty().get()).isZero();
        annotate.next();
        assertThat(annotate.indexProperty().get()).isEqualTo(1);

        Path tsv = dir.resolve("labels.tsv");
        annotate.exportTsv(tsv);
        DataFile<LabeledPair> back = RecipeFiles.readLabeledPairs(tsv, ReadOptions.STRICT);
        assertThat(back.records()).hasSize(6);
        assertThat(back.records().getFirst().label()).isZero();
        Path qrels = dir.resolve("qrels.tsv");
        annotate.exportQrels(qrels);
        List<String> q = Files.readAllLines(qrels);
        assertThat(q.getFirst()).isEqualTo("query-id\tcorpus-id\tscore");
        assertThat(q.get(1)).startsWith("q1\t").endsWith("\t0");
    }

    @Test
    void labelsNotExportedAreNeverDiscardedWithoutAsking() throws Exception {
        Path other = TinyData.write(dir.resolve("other"));
        Files.delete(other.resolve("labeled.tsv"));
        annotate.label(0); // flips the first pair's label
        assertThat(annotate.unexportedLabels()).isOne();
        dialogs.confirmAnswer = false; // Cancel: keep working
        assertThat(model.openWorkspace(other).job()).isNull();
        assertThat(dialogs.confirms).containsExactly("Discard 1 label not exported?");
        assertThat(model.workspaceProperty().get().folder().toAbsolutePath().normalize())
                .isEqualTo(ws.toAbsolutePath().normalize());
        assertThat(annotate.items().getFirst().label()).isZero();
        // exported: nothing to lose, no question
        annotate.exportQrels(dir.resolve("kept.tsv"));
        assertThat(annotate.unexportedLabels()).isZero();
        annotate.label(1);
        dialogs.confirmAnswer = true; // Discard labels
        model.openWorkspace(other);
        assertThat(dialogs.confirms).hasSize(2);
        assertThat(model.workspaceProperty().get().folder().toAbsolutePath().normalize())
                .isEqualTo(other.toAbsolutePath().normalize());
        assertThat(annotate.items()).isEmpty();
        assertThat(annotate.sourceProperty().get()).isEqualTo(AnnotateViewModel.NOTHING_LOADED);
    }

    @Test
    void searchHitsCanBeAnnotatedFromScratch() throws Exception {
        index.buildBm25();
        search.queryProperty().set("护照丢了");
        search.search();
        search.annotateHits();
        assertThat(model.requests().panelProperty().get()).isEqualTo(Panel.ANNOTATE);
        assertThat(annotate.items()).hasSize(search.bm25Hits().size()).allMatch(j -> !j.labelled());
        annotate.label(1);
        assertThat(annotate.countsProperty().get())
                .startsWith("1 relevant (1) · 0 not relevant (0) · "
                        + (annotate.items().size() - 1) + " unlabelled");
    }

    @Test
    void trainingNeedsItsTrainFile() {
        TrainViewModel train = new TrainViewModel(model);
        assertThat(train.canStart().get()).isTrue();
        train.start();
        assertThat(train.runStatusProperty().get()).startsWith("No train.csv in");
        assertThat(train.runningProperty().get()).isFalse();
        train.form().strategyProperty().set(TrainFormViewModel.Strategy.SIMCSE);
        assertThat(train.form().marginProperty().get()).isZero(); // the strategy's recipe defaults
        assertThat(train.form().scaleProperty().get()).isEqualTo(20);
        assertThat(train.form().config().margin()).isZero();
    }

    @Test
    void errorsReachTheDialogServiceAsOneLine() {
        model.openWorkspace(dir.resolve("missing"));
        assertThat(dialogs.errors)
                .singleElement()
                .asString()
                .contains("is not a folder")
                .doesNotContain("Exception");
    }
}
