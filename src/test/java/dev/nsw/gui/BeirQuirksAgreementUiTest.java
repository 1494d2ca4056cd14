package dev.nsw.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.gui.compare.CompareViewModel;
import dev.nsw.gui.compare.RunResult;
import dev.nsw.gui.search.FusedRow;
import dev.nsw.gui.search.HitRow;
import dev.nsw.gui.search.QueryRow;
import dev.nsw.gui.task.FxTaskExecutor;
import dev.nsw.retrieval.EmbeddingMap;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * One truth in every panel, on the real window: a BEIR folder with queries that are documents, duplicate texts,
 * judged documents missing from the corpus and tied BM25 scores ({@code src/test/resources/beir-quirks}), a small
 * dense model over an exact index. For every test query, Search's BM25, dense and hybrid lists are the first K of
 * Compare's runs (the query's own document greyed, never ranked), the query browser's ranks are the runs' first gold
 * ranks and Search's, and the Map's top-1 hit and gold rank are the dense run's — before and after the workspace is
 * left and opened again (indexes and runs read back from disk).
 */
@ExtendWith(ApplicationExtension.class)
class BeirQuirksAgreementUiTest {
    static {
        System.clearProperty("testfx.headless");
        System.setProperty("testfx.robot", "glass");
    }

    static final int K = 10;

    @TempDir
    static Path dir;

    MainWindow window;
    RecordingDialogs dialogs = new RecordingDialogs();

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Settings.inMemory(), new FxTaskExecutor(), dialogs);
        stage.show();
    }

    @Test
    void searchTheQueryBrowserCompareAndMapAgreeOnEveryRankBeforeAndAfterReopening(FxRobot robot) throws Exception {
        Path quirks = WorkspaceSwitchUiTest.copy(Path.of("src/test/resources/beir-quirks"), dir.resolve("quirks"));
        ModelChoice tiny = ModelChoice.folder(TinyModel.write(dir.resolve("tiny-model")), null);
        WorkbenchModel model = window.model();
        open(robot, quirks);
        robot.interact(() -> {
            model.catalogue().add(tiny);
            window.index().denseModelProperty().set(tiny);
            window.index().denseKindProperty().set("exact");
            window.index().buildBm25().then(window.index()::buildDense);
        });
        waitUntil(() ->
                model.bm25Property().get() != null && model.denseProperty().get() != null);
        robot.interact(() -> window.compare()
                .runBm25()
                .then(() -> window.compare().runDense(tiny))
                .then(() -> window.compare().runHybrid(tiny, CompareViewModel.HybridKind.RRF)));
        waitUntil(() -> window.compare().runs().size() == 3);
        Map<String, List<String>> before = agreement(robot, tiny);

        // leave the workspace, come back: the BM25 and dense indexes and the runs are read back from disk
        open(robot, TinyData.write(dir.resolve("other")));
        open(robot, quirks);
        waitUntil(() -> model.bm25Property().get() != null
                && model.denseProperty().get() != null
                && window.compare().runs().size() == 3);
        assertThat(window.index().indexStatus().get()).contains("reloaded");
        assertThat(window.index().denseStatusProperty().get()).contains("reloaded");
        Map<String, List<String>> after = agreement(robot, tiny);
        assertThat(after).as("every ranking after reopening").isEqualTo(before);
        assertThat(dialogs.errors).isEmpty();
    }

    /**
     * Checks that the panels agree for every test query and returns every ranking shown ("q1 bm25" → ids), the
     * greyed self-hits included.
     */
    private Map<String, List<String>> agreement(FxRobot robot, ModelChoice tiny) throws Exception {
        RecallRun bm25 = run("BM25");
        RecallRun dense = run("dense");
        RecallRun hybrid = run("hybrid");
        RetrievalDataset set = window.model().evalSetProperty().get();
        robot.interact(() -> {
            window.compare().runAProperty().set(byName("BM25"));
            window.compare().runBProperty().set(byName("dense"));
            window.compare().kProperty().set(K);
            window.search().kProperty().set(K);
            // Search fuses as Compare's hybrid run did (RRF); its label-free list agrees with Compare's label-free
            // run once one is made (HybridViewModelsTest.searchFusesWithTheWeightOfComparesLabelFreeRun)
            window.search().fusionProperty().set(dev.nsw.gui.search.SearchViewModel.RRF);
            window.map().beforeProperty().set(tiny);
            window.map().draw();
        });
        waitUntil(() -> window.map().current() != null);
        EmbeddingMap.View map = window.map().current();
        Map<String, List<String>> shown = new LinkedHashMap<>();
        for (QueryRow row : List.copyOf(window.search().queries())) {
            String q = row.id();
            boolean[] done = {false};
            robot.interact(() -> window.search().searchQuery(row).whenFinished(() -> done[0] = true));
            waitUntil(() -> done[0]);
            List<HitRow> bm25Rows = List.copyOf(window.search().bm25Hits());
            List<HitRow> denseRows = List.copyOf(window.search().denseHits());
            List<FusedRow> hybridRows = List.copyOf(window.search().hybridHits());
            // Search's hits are the first K of Compare's runs, ranked by position
            assertThat(hits(bm25Rows, HitRow::isDropped, HitRow::docId))
                    .as("%s BM25", q)
                    .isEqualTo(topK(bm25, q));
            assertThat(hits(denseRows, HitRow::isDropped, HitRow::docId))
                    .as("%s dense", q)
                    .isEqualTo(topK(dense, q));
            assertThat(hits(hybridRows, FusedRow::isDropped, FusedRow::docId))
                    .as("%s hybrid", q)
                    .isEqualTo(topK(hybrid, q));
            // a query that is a document: its own document greyed wherever the retriever put it, never ranked
            boolean isDocument = set.corpus().byId(q).isPresent();
            assertThat(denseRows.stream()
                            .filter(HitRow::isDropped)
                            .map(HitRow::docId)
                            .toList())
                    .as("%s's own document in the dense list", q)
                    .isEqualTo(isDocument ? List.of(q) : List.of());
            assertThat(topK(dense, q)).doesNotContain(q);
            // the browser's ranks are the runs' first gold ranks, and Search shows the gold there
            var relevant = set.relevant(q);
            assertThat(row.rankA()).isEqualTo(RetrievalMetrics.firstRelevantRank(bm25.ranking(q), relevant));
            assertThat(row.rankB()).isEqualTo(RetrievalMetrics.firstRelevantRank(dense.ranking(q), relevant));
            assertThat(firstGold(bm25Rows)).isEqualTo(row.rankA() <= K ? row.rankA() : 0);
            assertThat(firstGold(denseRows)).isEqualTo(row.rankB() <= K ? row.rankB() : 0);
            // the Map's top-1 hit and gold rank are the dense run's
            EmbeddingMap.QueryPoint point = map.queries().stream()
                    .filter(p -> p.id().equals(q))
                    .findFirst()
                    .orElseThrow();
            assertThat(map.documents().get(point.top1()).id())
                    .as("%s Map top-1", q)
                    .isEqualTo(dense.ranking(q).getFirst().docId());
            assertThat(point.firstRelevantRank()).isEqualTo(row.rankB() <= 10 ? row.rankB() : 0);
            shown.put(q + " bm25", bm25Rows.stream().map(HitRow::docId).toList());
            shown.put(q + " dense", denseRows.stream().map(HitRow::docId).toList());
            shown.put(q + " hybrid", hybridRows.stream().map(FusedRow::docId).toList());
        }
        assertThat(set.queries()).extracting(Query::id).containsAll(List.of("q3", "q6"));
        assertThat(shown.get("q3 dense")).contains("q3"); // shown greyed, as asserted above
        // the twins d11/d12 tie in BM25; trec_eval's order puts the higher id first in every panel
        List<String> q4 = shown.get("q4 bm25");
        assertThat(q4.indexOf("d12")).isLessThan(q4.indexOf("d11"));
        return shown;
    }

    private static <R> List<String> hits(List<R> rows, Function<R, Boolean> dropped, Function<R, String> id) {
        return rows.stream().filter(r -> !dropped.apply(r)).map(id).toList();
    }

    private static List<String> topK(RecallRun run, String q) {
        return run.ranking(q).stream().limit(K).map(ScoredDoc::docId).toList();
    }

    private static int firstGold(List<HitRow> rows) {
        List<HitRow> hits = rows.stream().filter(r -> !r.isDropped()).toList();
        for (int i = 0; i < hits.size(); i++) {
            if (hits.get(i).gold()) {
                return i + 1;
            }
        }
        return 0;
    }

    private RunResult byName(String prefix) {
        return window.compare().runs().stream()
                .filter(r -> r.name().startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }

    private RecallRun run(String prefix) {
        return byName(prefix).run();
    }

    private void open(FxRobot robot, Path folder) throws Exception {
        WorkspaceSwitchUiTest.open(robot, window, folder);
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WorkspaceSwitchUiTest.waitUntil(condition);
    }
}
