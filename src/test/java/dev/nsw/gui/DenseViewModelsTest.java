package dev.nsw.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.gui.compare.CompareViewModel;
import dev.nsw.gui.compare.RunResult;
import dev.nsw.gui.index.IndexViewModel;
import dev.nsw.gui.scores.ScoresViewModel;
import dev.nsw.gui.search.HitRow;
import dev.nsw.gui.search.SearchViewModel;
import dev.nsw.gui.task.SyncTaskExecutor;
import dev.nsw.gui.train.TrainViewModel;
import dev.nsw.gui.train.TrainingChartSeries;
import dev.nsw.index.VectorIndex;
import dev.nsw.retrieval.DenseRetriever;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dense view models on a copy of sample-data/zh with a tiny random model, jobs run inline: the same
 * core services as the CLI (DenseRecall, VectorIndex, TrainingJob), just a small encoder.
 */
class DenseViewModelsTest {
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
    TrainViewModel train;
    ScoresViewModel scores;

    @BeforeEach
    void open() throws Exception {
        ws = TinyModel.copySample(dir.resolve("ws"));
        tiny = ModelChoice.folder(TinyModel.write(dir.resolve("tiny-model")), null);
        model = new WorkbenchModel(executor, dialogs, Settings.inMemory());
        index = new IndexViewModel(model);
        search = new SearchViewModel(model);
        compare = new CompareViewModel(model);
        train = new TrainViewModel(model);
        scores = new ScoresViewModel(model);
        model.openWorkspace(ws);
        assertThat(model.evalSetProperty().get().corpus().size()).isEqualTo(330);
        model.catalogue().add(tiny);
    }

    @Test
    void buildsSavesAndSearchesADenseIndexWithCosineScores() throws Exception {
        assertThat(model.catalogue().models())
                .extracting(ModelChoice::label)
                .startsWith("bge-small-zh-v1.5", "bge-small-en-v1.5");
        index.denseModelProperty().set(tiny);
        index.mProperty().set(16);
        index.efConstructionProperty().set(50);
        index.efProperty().set(50);
        boolean[] done = {false};
        index.buildDense().whenSucceeded(() -> done[0] = true);
        assertThat(dialogs.errors).isEmpty();
        assertThat(done[0]).isTrue();
        dev.nsw.gui.index.DenseBuild b = index.lastDenseBuildProperty().get();
        assertThat(b.size()).isEqualTo(330);
        assertThat(b.dimensions()).isEqualTo(256);
        assertThat(b.kind()).isEqualTo("hnsw");
        assertThat(b.annRecall10()).isBetween(0.5, 1.0);
        assertThat(b.savedTo()).isEqualTo(ws.resolve("indexes").resolve("dense-tiny-model-hnsw"));
        assertThat(VectorIndex.open(b.savedTo(), b.modelId()).size()).isEqualTo(330); // atomic save, same model id
        assertThat(index.denseStatusProperty().get())
                .contains("330 vectors × 256 dims")
                .contains("ANN recall@10 vs exact search")
                .contains(b.modelId());

        assertThat(model.denseProperty().get()).isInstanceOf(DenseRetriever.class);
        assertThat(search.denseTitleProperty().get()).isEqualTo("Dense tiny-model · hnsw");
        String q = model.evalSetProperty().get().queries().getFirst().text();
        search.queryProperty().set(q);
        search.search();
        assertThat(search.denseHits()).hasSize(10).allMatch(h -> h.scoreKind().equals("cosine"));
        assertThat(search.denseHits()).extracting(HitRow::scoreLabel).allMatch(s -> s.startsWith("cosine "));
        assertThat(search.denseHits().get(0).score())
                .isGreaterThanOrEqualTo(search.denseHits().get(9).score());

        index.denseKindProperty().set("exact");
        index.buildDense();
        assertThat(index.lastDenseBuildProperty().get().annRecall10()).isNaN();
        assertThat(index.denseStatusProperty().get()).contains("exact search");
    }

    @Test
    void mapsTheSampleWithTheCoreMapAndOpensAPointInSearch() throws Exception {
        dev.nsw.gui.map.MapViewModel map = new dev.nsw.gui.map.MapViewModel(model);
        map.beforeProperty().set(tiny);
        assertThat(map.canDraw().get()).isTrue();
        boolean[] done = {false};
        map.draw().whenSucceeded(() -> done[0] = true);
        assertThat(dialogs.errors).isEmpty();
        assertThat(done[0]).isTrue();
        dev.nsw.retrieval.EmbeddingMap.View v = map.current();
        assertThat(v.documents()).hasSize(330);
        assertThat(v.queries()).hasSize(60);
        // the map's found/missed is the top-1 success of the same model's dense run
        try (var encoder = dev.nsw.encoder.Encoder.open(tiny.spec(), dev.nsw.encoder.EncoderOptions.defaults())) {
            var report = dev.nsw.retrieval.DenseRecall.evaluate(
                    encoder,
                    model.evalSetProperty().get(),
                    10,
                    dev.nsw.job.ProgressListener.NONE,
                    dev.nsw.job.CancellationToken.NEVER);
            assertThat(v.found())
                    .isEqualTo(report.perQuery().stream()
                            .filter(o -> o.firstRelevantRank() == 1)
                            .count());
        }
        assertThat(map.summaryProperty().get()).contains("of 60 queries").contains("all 60 queries and 330 documents");

        map.select(330); // the first query (documents come first)
        assertThat(map.selectionProperty().get().kind()).isEqualTo("query");
        String text = map.selectionProperty().get().text();
        assertThat(text)
                .isEqualTo(model.evalSetProperty().get().queries().getFirst().text());
        map.openInSearch();
        assertThat(model.requests().panelProperty().get()).isEqualTo(Panel.SEARCH);
        assertThat(search.queryProperty().get()).isEqualTo(text);
    }

    @Test
    void aPickedQueryIsDescribedByTheModelDrawnAfterTheToggle() throws Exception {
        var map = new dev.nsw.gui.map.MapViewModel(model);
        ModelChoice other = ModelChoice.folder(TinyModel.write(dir.resolve("other-model"), 8), null);
        model.catalogue().add(other);
        map.beforeProperty().set(tiny);
        map.afterProperty().set(other);
        map.draw();
        assertThat(dialogs.errors).isEmpty();
        var views = map.viewsProperty().get();
        assertThat(views).hasSize(2);
        // a query one model finds at rank 1 and the other does not, so the two descriptions differ
        int q = java.util.stream.IntStream.range(0, views.get(0).queries().size())
                .filter(i -> views.get(0).queries().get(i).found()
                        != views.get(1).queries().get(i).found())
                .findFirst()
                .orElseThrow();
        int point = views.get(0).documents().size() + q;
        map.select(point);
        String before = map.selectionProperty().get().detail();
        assertThat(before)
                .startsWith(views.get(0).model() + ": "
                        + (views.get(0).queries().get(q).found() ? "found" : "missed"));
        map.shownProperty().set(1);
        assertThat(map.selectionProperty().get().id())
                .isEqualTo(views.get(1).queries().get(q).id());
        assertThat(map.selectionProperty().get().detail())
                .as("was: still the before model's result")
                .startsWith(views.get(1).model() + ": "
                        + (views.get(1).queries().get(q).found() ? "found" : "missed"))
                .isNotEqualTo(before);
    }

    @Test
    void theDevChartSaysWhyItStaysEmptyWithoutDevCsv() throws Exception {
        assertThat(train.devChartNoteProperty().get()).startsWith("Dev Recall@K before training");
        Files.delete(ws.resolve("dev.csv"));
        model.openWorkspace(ws);
        assertThat(train.devChartNoteProperty().get())
                .as("was: the placeholder promised a curve that never came")
                .startsWith("No dev Recall@K curve: this workspace has no dev.csv");
    }

    @Test
    void aCorpusAndItsQueriesAreEmbeddedOncePerModelForIndexCompareAndMap() throws Exception {
        index.denseModelProperty().set(tiny);
        index.denseKindProperty().set("exact");
        index.buildDense();
        assertThat(model.corporaEmbedded()).isOne();
        compare.runDense(tiny);
        Path queries;
        try (var files = Files.list(ws.resolve("embeddings"))) {
            String length = "len" + model.encoderOptions(tiny).maxSeqLength();
            queries = files.filter(f ->
                            f.getFileName().toString().matches("tiny-model-queries-" + length + "-dim256-.*\\.npy"))
                    .findFirst()
                    .orElseThrow();
        }
        var written = Files.getLastModifiedTime(queries);
        dev.nsw.gui.map.MapViewModel map = new dev.nsw.gui.map.MapViewModel(model);
        map.beforeProperty().set(tiny);
        map.draw();
        index.buildBm25();
        compare.runHybrid(tiny, CompareViewModel.HybridKind.RRF);
        assertThat(dialogs.errors).isEmpty();
        assertThat(compare.runs()).hasSize(2);
        assertThat(model.corporaEmbedded())
                .as("the Map and Compare read the Index panel's embeddings")
                .isOne();
        assertThat(Files.getLastModifiedTime(queries))
                .as("the queries were embedded once")
                .isEqualTo(written);
        // the Map's top-1 hits are Compare's rank-1 documents: the same vectors, the same rule
        var run = compare.runs().getFirst().run();
        var view = map.current();
        for (var q : view.queries()) {
            assertThat(view.documents().get(q.top1()).id())
                    .isEqualTo(run.ranking(q.id()).getFirst().docId());
        }
    }

    @Test
    void theMaxLengthIsChosenOnceForAWorkspaceAndRecordedInEveryRun() throws Exception {
        // until chosen: the max-length rule's choice from the corpus's token lengths with the workspace model's own
        // tokenizer (bundled bge-small-zh), as nsw recall/index choose without --max_seq_length
        var texts = model.evalSetProperty().get().corpus().documents().stream()
                .map(dev.nsw.data.Document::text)
                .toList();
        var rule = dev.nsw.retrieval.CorpusReading.choose("bge-small-zh-v1.5", texts);
        assertThat(model.reading().lengthProperty().get())
                .isEqualTo(rule.maxSeqLength())
                .as("not the model's own maximum, the old default")
                .isNotEqualTo(512);
        assertThat(index.reading().noteProperty().get())
                .startsWith("default from the corpus's token lengths (bge-small-zh-v1.5's tokenizer): max_seq_length "
                        + rule.maxSeqLength())
                .doesNotContain("--max_seq_length");
        // the Datasets panel shows the same measurement: a histogram whose counts are TokenLengths' own, and why
        var datasets = new dev.nsw.gui.datasets.DatasetsViewModel(model);
        datasets.open(java.util.List.of(ws.resolve("corpus.csv"), ws.resolve("test.csv")));
        datasets.selectedProperty()
                .set(datasets.entries().stream()
                        .filter(e -> e.path().equals(ws.resolve("corpus.csv")))
                        .findFirst()
                        .orElseThrow());
        var histogram = datasets.tokenHistogramProperty().get();
        int[] edges = {16, 32, 64, 96, 128, 192, 256, 384, 512};
        long[] counts = dev.nsw.text.TokenLengths.measure(
                        dev.nsw.encoder.Encoder.tokenizerOf("bge-small-zh-v1.5"), texts)
                .histogram(edges);
        assertThat(histogram.bins())
                .extracting(b -> (long) b.count())
                .containsExactly(java.util.Arrays.stream(counts).boxed().toArray(Long[]::new));
        assertThat(histogram.bins().stream().mapToLong(b -> b.count()).sum()).isEqualTo(330);
        assertThat(histogram.bins().getLast().label()).isEqualTo(">512");
        assertThat(datasets.readingNoteProperty().get())
                .contains("330 of 330 texts measured")
                .contains(rule.reason().replace("; --max_seq_length to override", ""))
                .contains("The workspace reads " + rule.maxSeqLength() + " tokens");
        datasets.selectedProperty()
                .set(datasets.entries().stream()
                        .filter(e -> e.path().equals(ws.resolve("test.csv")))
                        .findFirst()
                        .orElseThrow());
        assertThat(datasets.tokenHistogramProperty().get())
                .as("only the corpus")
                .isNull();
        // a model reads at most what its position table holds (the tiny one: 128)
        assertThat(model.encoderOptions(tiny).maxSeqLength()).isEqualTo(Math.min(128, rule.maxSeqLength()));
        index.reading().choose(32);
        assertThat(compare.reading().lengthProperty().get())
                .as("one length for every panel")
                .isEqualTo(32);
        index.denseModelProperty().set(tiny);
        index.buildDense();
        assertThat(index.lastDenseBuildProperty().get().maxSeqLength()).isEqualTo(32);
        assertThat(index.denseStatusProperty().get()).contains("max_seq_length 32");
        compare.runDense(tiny);
        assertThat(compare.settingsText(compare.runs().getFirst()))
                .contains("max_seq_length")
                .contains("32");
        try (var files = Files.list(ws.resolve("embeddings"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".npy")))
                    .isNotEmpty()
                    .allMatch(n -> n.contains("-len32-"));
        }
        // remembered: the workspace opens with it again
        model.openWorkspace(ws);
        assertThat(model.reading().lengthProperty().get()).isEqualTo(32);
        assertThat(model.reading().noteProperty().get()).isEqualTo("chosen for this workspace");
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void maxpIsChosenOnceForAWorkspaceAndEveryDenseRunReadsTheBestPassage() throws Exception {
        assertThat(model.passages().maxpProperty().get())
                .as("the rule's default: read once, truncated")
                .isFalse();
        index.reading().choose(16); // some of the sample's questions are longer: those are cut into several windows
        compare.passages().choose(true);
        assertThat(index.passages().maxpProperty().get())
                .as("one choice for every panel")
                .isTrue();
        assertThat(model.passageWindows(tiny)).isEqualTo(new dev.nsw.text.PassageWindows(16, 7));
        compare.runDense(tiny);
        assertThat(dialogs.errors).isEmpty();
        var maxp = compare.runs().getFirst();
        assertThat(maxp.name()).endsWith(" maxp16");
        assertThat(compare.settingsText(maxp)).contains("maxp, windows of 16 tokens, stride 7");

        // the field's definition, written out: a document scores as max over its passages of query · passage
        var set = model.evalSetProperty().get();
        try (var encoder = dev.nsw.encoder.InferenceRuntime.open(
                tiny.spec(), model.encoderOptions(tiny), dev.nsw.encoder.InferenceRuntime.Choice.AUTO)) {
            var windows = new dev.nsw.text.PassageWindows(16, 7);
            java.util.List<String> passageTexts = new java.util.ArrayList<>();
            java.util.List<Integer> documentOf = new java.util.ArrayList<>();
            int cut = 0;
            for (int d = 0; d < set.corpus().size(); d++) {
                var parts =
                        windows.split(encoder.tokenizer(), set.corpus().get(d).text());
                cut += parts.size() > 1 ? 1 : 0;
                for (String part : parts) {
                    passageTexts.add(part);
                    documentOf.add(d);
                }
            }
            assertThat(cut).as("documents cut into several passages").isGreaterThan(20);
            float[][] passages = encoder.embed(passageTexts);
            for (var query : set.queries().subList(0, 5)) {
                float[] q = encoder.embed(java.util.List.of(query.text()))[0];
                double[] best = new double[set.corpus().size()];
                java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
                for (int p = 0; p < passages.length; p++) {
                    double c = 0;
                    for (int i = 0; i < q.length; i++) {
                        c += (double) q[i] * passages[p][i];
                    }
                    best[documentOf.get(p)] = Math.max(best[documentOf.get(p)], c);
                }
                int top = 0;
                for (int d = 1; d < best.length; d++) {
                    top = best[d] > best[top] ? d : top;
                }
                var first = maxp.run().ranking(query.id()).getFirst();
                assertThat(first.score())
                        .as(query.id())
                        .isCloseTo(best[top], org.assertj.core.data.Offset.offset(1e-4));
                int firstDoc = java.util.stream.IntStream.range(0, set.corpus().size())
                        .filter(d -> set.corpus().get(d).id().equals(first.docId()))
                        .findFirst()
                        .orElseThrow();
                assertThat(best[firstDoc])
                        .as("the run's first document scores the best passage's cosine")
                        .isCloseTo(best[top], org.assertj.core.data.Offset.offset(1e-4));
            }
        }
        try (var files = Files.list(ws.resolve("embeddings"))) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.contains("-passages-w16s7-len16-"));
        }
        int embedded = model.corporaEmbedded();

        // the Index panel builds an index of passages from the same cache; Search explains with the best passage
        index.denseModelProperty().set(tiny);
        index.denseKindProperty().set("exact");
        index.buildDense();
        assertThat(dialogs.errors).isEmpty();
        assertThat(model.corporaEmbedded())
                .as("the passages were read from the cache")
                .isEqualTo(embedded);
        assertThat(index.lastDenseBuildProperty().get().passages().window()).isEqualTo(16);
        assertThat(index.denseStatusProperty().get()).contains("MaxP: 330 documents cut into passages of 16 tokens");
        String longest = set.corpus().documents().stream()
                .max(java.util.Comparator.comparingInt(d -> d.text().length()))
                .orElseThrow()
                .id();
        search.queryProperty().set(set.queries().getFirst().text());
        search.showDocument(longest, "test");
        var detail = search.detailProperty().get();
        assertThat(detail.denseReading()).startsWith("MaxP: the best of ");
        assertThat(detail.denseTokens().size()).isLessThanOrEqualTo(16);

        // remembered, and switched off again the truncated run stands beside the MaxP one
        model.openWorkspace(ws);
        assertThat(model.passages().maxpProperty().get()).isTrue();
        assertThat(index.lastDenseBuildProperty().get().passages())
                .as("the saved index of passages reloads")
                .isNotNull();
        compare.passages().choose(false);
        compare.runDense(tiny);
        assertThat(compare.runs()).extracting(r -> r.name()).anyMatch(n -> n.endsWith(" maxp16"));
        assertThat(compare.runs()).extracting(r -> r.name()).anyMatch(n -> !n.contains("maxp"));
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void theWorkspacesPrecisionIsReadByEveryEncoderAndRecordedInEveryRun() throws Exception {
        assertThat(model.precision().precisionProperty().get()).isEqualTo(dev.nsw.encoder.Precision.FP32);
        compare.runDense(tiny);
        model.precision().choose(dev.nsw.encoder.Precision.INT8);
        assertThat(model.encoderOptions(tiny).precision()).isEqualTo(dev.nsw.encoder.Precision.INT8);
        compare.runDense(tiny);
        assertThat(dialogs.errors).isEmpty();
        var int8 = compare.runs().stream()
                .map(r -> compare.settingsText(r))
                .filter(t -> t.contains("int8"))
                .toList();
        assertThat(int8).as("the int8 run replaces nothing: another model id").hasSize(1);
        var saved = dev.nsw.workspace.EvalRuns.list(dev.nsw.workspace.Workspace.open(ws), new java.util.ArrayList<>());
        assertThat(saved).extracting(r -> r.settings().get("precision")).containsExactlyInAnyOrder("fp32", "int8");
        assertThat(saved)
                .filteredOn(r -> "int8".equals(r.settings().get("precision")))
                .singleElement()
                .satisfies(r -> assertThat(r.settings().get("model_id")).endsWith("/int8"));
        // remembered: the workspace opens with int8 again
        model.openWorkspace(ws);
        assertThat(model.precision().precisionProperty().get()).isEqualTo(dev.nsw.encoder.Precision.INT8);
    }

    @Test
    void trainsWithLiveChartsThenQueriesAndComparesTheTrainedModel() throws Exception {
        train.form().baseModelProperty().set(tiny);
        train.form().batchSizeProperty().set(8);
        train.form().epochsProperty().set(1);
        train.form().maxStepsProperty().set(3);
        boolean[] done = {false};
        train.start().whenSucceeded(() -> done[0] = true);
        assertThat(dialogs.errors).isEmpty();
        assertThat(done[0]).isTrue();
        assertThat(train.points()).extracting(TrainingChartSeries.Point::step).containsExactly(1L, 2L, 3L);
        assertThat(train.points()).allMatch(p -> Double.isFinite(p.loss()) && p.learningRate() > 0);
        // dev.csv scored before training (epoch 0) and at the end
        assertThat(train.evaluations())
                .extracting(TrainingChartSeries.EvalPoint::epoch)
                .containsExactlyInAnyOrder(1, 0);
        Path run = train.runDirProperty().get();
        assertThat(run.getParent()).isEqualTo(ws.resolve("runs"));
        assertThat(run.getFileName().toString()).startsWith("inbatch-");
        assertThat(run.resolve("run.json")).exists();
        assertThat(train.runStatusProperty().get()).startsWith("Finished 3 steps");
        assertThat(model.catalogue().models())
                .anyMatch(
                        m -> m.trained() && m.spec().equals(run.resolve("best").toString()));
        assertThat(train.canResumeProperty().get())
                .as("a finished run has nothing to resume")
                .isFalse();

        train.queryLatestModel();
        assertThat(model.requests().panelProperty().get()).isEqualTo(Panel.SEARCH);
        assertThat(model.denseProperty().get().name()).contains("runs").contains("best");

        compare.runDense(tiny);
        compare.runDense(model.catalogue().models().stream()
                .filter(ModelChoice::trained)
                .findFirst()
                .orElseThrow());
        assertThat(compare.runs())
                .extracting(RunResult::name)
                .containsExactly(
                        "dense tiny-model", CompareViewModel.denseRunName(ModelChoice.folder(run.resolve("best"), ws)));
        assertThat(compare.runs().get(1).name())
                .matches("dense inbatch \\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d best"); // readable, not runs/inbatch-2026…
        assertThat(compare.runs()).allMatch(r -> r.queries() == 60);
        assertThat(compare.runAProperty().get()).isNotNull();
        assertThat(compare.runBProperty().get()).isNotNull();
        assertThat(compare.comparisonSummaryProperty().get()).startsWith("At K=10");

        scores.modelChoiceProperty().set(tiny);
        scores.compute();
        ScoresViewModel.Result r = scores.resultProperty().get();
        assertThat(r.pairs()).isEqualTo(30);
        assertThat(r.source()).isEqualTo("dev.csv");
        assertThat(r.bins()).hasSize(ScoresViewModel.BINS);
        assertThat(r.bins().stream()
                        .mapToDouble(ScoresViewModel.Bin::positivePercent)
                        .sum())
                .isCloseTo(100, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(scores.hardest()).hasSize(ScoresViewModel.HARDEST);
        assertThat(scores.hardest().get(0).score())
                .isGreaterThanOrEqualTo(scores.hardest().get(1).score());
        assertThat(scores.summaryProperty().get()).contains("margin");
    }

    @Test
    void cancelKeepsTheCheckpointAndResumeContinues() throws Exception {
        train.form().baseModelProperty().set(tiny);
        train.form().batchSizeProperty().set(8);
        train.form().epochsProperty().set(2);
        train.form().trainLimitProperty().set(16); // 2 steps an epoch: a checkpoint after step 2
        // cancel as soon as step 3 is reported (the synchronous executor hands events over at once)
        boolean[] once = {false};
        train.points().addListener((javafx.collections.ListChangeListener<TrainingChartSeries.Point>) c -> {
            if (!once[0]
                    && !train.points().isEmpty()
                    && train.points().getLast().step() == 3) {
                once[0] = true;
                train.cancel();
            }
        });
        train.start();
        assertThat(dialogs.errors).isEmpty();
        assertThat(train.runStatusProperty().get())
                .startsWith("Cancelled after step 3")
                .contains("Resume");
        assertThat(train.canResumeProperty().get()).isTrue();
        Path run = train.runDirProperty().get();
        train.resume();
        assertThat(dialogs.errors).isEmpty();
        assertThat(train.runDirProperty().get()).isEqualTo(run);
        assertThat(train.runStatusProperty().get()).startsWith("Finished 4 steps");
        assertThat(train.points())
                .extracting(TrainingChartSeries.Point::step)
                .containsExactly(1L, 2L, 3L, 4L); // step 3 redone, not doubled
        assertThat(Files.isRegularFile(run.resolve("final").resolve("config.json")))
                .isTrue();
    }
}
