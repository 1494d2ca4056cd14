package dev.nsw.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import dev.nsw.gui.compare.CompareViewModel;
import dev.nsw.gui.compare.RunResult;
import dev.nsw.gui.datasets.DatasetEntry;
import dev.nsw.gui.datasets.DatasetsViewModel;
import dev.nsw.gui.index.IndexViewModel;
import dev.nsw.gui.search.HitRow;
import dev.nsw.gui.search.QueryRow;
import dev.nsw.gui.search.SearchViewModel;
import dev.nsw.gui.task.SyncTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The panels on a BEIR folder with the quirks of real sets ({@code src/test/resources/beir-quirks}: queries that are
 * documents, duplicate texts, judged documents missing from the corpus, tied BM25 scores), jobs run inline: one
 * scoring convention and one tie order in Search and Compare, every departure said in Datasets, the BM25 index
 * saved with the workspace.
 */
class BeirQuirksPanelsTest {
    @TempDir
    Path dir;

    Path quirks;
    RecordingDialogs dialogs = new RecordingDialogs();
    SyncTaskExecutor executor = new SyncTaskExecutor();
    WorkbenchModel model;
    DatasetsViewModel datasets;
    IndexViewModel index;
    SearchViewModel search;
    CompareViewModel compare;

    @BeforeEach
    void open() throws Exception {
        quirks = WorkspaceSwitchUiTest.copy(Path.of("src/test/resources/beir-quirks"), dir.resolve("quirks"));
        model = new WorkbenchModel(executor, dialogs, Settings.inMemory());
        datasets = new DatasetsViewModel(model);
        index = new IndexViewModel(model);
        search = new SearchViewModel(model);
        compare = new CompareViewModel(model);
        model.openWorkspace(quirks);
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void searchGreysOutAQuerysOwnDocumentAndRanksTheRestAsCompareDoes() {
        index.buildBm25();
        compare.runBm25();
        RecallRun run = compare.runs().getFirst().run();
        search.kProperty().set(5);
        for (QueryRow q : search.queries()) {
            search.searchQuery(q);
            List<HitRow> hits =
                    search.bm25Hits().stream().filter(h -> !h.isDropped()).toList();
            List<String> expected =
                    run.ranking(q.id()).stream().limit(5).map(ScoredDoc::docId).toList();
            assertThat(hits).extracting(HitRow::docId).as(q.id()).containsExactlyElementsOf(expected);
            for (int i = 0; i < hits.size(); i++) {
                assertThat(hits.get(i).rank()).as("rank = list position").isEqualTo(i + 1);
            }
        }
        // q3 is also a document: BM25 finds it first, greyed at its place, never a hit
        search.searchQuery(search.queries().stream()
                .filter(r -> r.id().equals("q3"))
                .findFirst()
                .orElseThrow());
        HitRow own = search.bm25Hits().getFirst();
        assertThat(own.docId()).isEqualTo("q3");
        assertThat(own.isDropped()).isTrue();
        assertThat(own.rankText()).isEqualTo("–");
        assertThat(own.droppedNote()).startsWith("retrieved at rank 1, not counted: the query's own document");
        assertThat(search.bm25Hits().get(1).rank()).isEqualTo(1);
        assertThat(search.noteProperty().get()).contains("q3's own document");
        // the twins d11/d12 tie exactly; trec_eval's order puts the higher id first, in Search as in Compare
        search.queryProperty().set("How much sunlight do solar panels turn into electricity?");
        search.search();
        List<String> ids = search.bm25Hits().stream().map(HitRow::docId).toList();
        assertThat(ids.indexOf("d12")).isLessThan(ids.indexOf("d11"));
        assertThat(search.bm25Hits().get(ids.indexOf("d12")).score())
                .isEqualTo(search.bm25Hits().get(ids.indexOf("d11")).score());
        // nothing greyed for a query typed by hand, even one that is a document's text
        search.queryProperty().set("Bread needs flour, water, salt and yeast.");
        search.search();
        assertThat(search.bm25Hits()).noneMatch(HitRow::isDropped);
    }

    @Test
    void datasetsSaysEveryWayTheLoadedSetDepartsFromItsFiles() {
        DatasetEntry folder = datasets.entries().stream()
                .filter(e -> e.path().equals(quirks))
                .findFirst()
                .orElseThrow();
        datasets.selectedProperty().set(folder);
        assertThat(datasets.summaryProperty().get())
                .contains("24 documents (all loaded)")
                .contains("3 documents share their text with an earlier document")
                .contains("2 judged (query, document) pairs name documents missing from the corpus")
                .contains("2 queries are also documents")
                .contains("1 judged query has no judgement above 0")
                .doesNotContain("No problems found");
    }

    @Test
    void theBm25IndexIsSavedWithTheWorkspaceAndComesBackWithIt() throws Exception {
        index.buildBm25();
        assertThat(index.indexStatus().get()).contains("saved to indexes/bm25-");
        Path other = TinyData.write(dir.resolve("other"));
        model.openWorkspace(other);
        assertThat(model.bm25Property().get()).isNull();
        model.openWorkspace(quirks);
        assertThat(model.bm25Property().get()).as("reloaded on open").isNotNull();
        assertThat(index.indexStatus().get()).contains("reloaded from indexes/bm25-");
        compare.runBm25();
        assertThat(compare.runs()).extracting(RunResult::name).contains("BM25 english");
        // a corpus edited since is not searched with the old index
        Files.writeString(
                quirks.resolve("corpus.jsonl"),
                Files.readString(quirks.resolve("corpus.jsonl")).replace("Gutenberg", "Johannes Gutenberg"));
        model.openWorkspace(quirks);
        assertThat(model.bm25Property().get()).isNull();
        assertThat(dialogs.errors).isEmpty();
    }
}
