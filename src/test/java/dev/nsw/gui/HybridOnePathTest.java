package dev.nsw.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.cli.CliRun;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import dev.nsw.data.TrecRunFile;
import dev.nsw.gui.compare.CompareViewModel;
import dev.nsw.gui.index.IndexViewModel;
import dev.nsw.gui.task.SyncTaskExecutor;
import dev.nsw.workspace.EvalRuns;
import dev.nsw.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One code path for a hybrid run: Compare's hybrid runs and {@code nsw recall --mode hybrid} on the same files
 * with the same model (the workbench's BM25 built with the "auto" analyzer, as the CLI's) give the same fused
 * ranking of every test query and, tuned on dev.csv, the same weight.
 *
 * <p>Rankings are compared at their top 10: the tiny random model gives nearly equal cosines, and exact search's
 * float sums may differ in the last bit between a cold and a warm JIT (the Vector API leaves the order of a lane
 * reduction open), which reorders tied documents deep in a first stage — the same in either front end.
 */
class HybridOnePathTest {
    @TempDir
    Path dir;

    @Test
    void theWorkbenchAndTheCommandLineMakeTheSameHybridRuns() throws Exception {
        Path ws = TinyModel.copySample(dir.resolve("ws"));
        Path tiny = TinyModel.write(dir.resolve("tiny-model"));
        RecordingDialogs dialogs = new RecordingDialogs();
        WorkbenchModel model = new WorkbenchModel(new SyncTaskExecutor(), dialogs, Settings.inMemory());
        IndexViewModel index = new IndexViewModel(model);
        CompareViewModel compare = new CompareViewModel(model);
        model.openWorkspace(ws);
        index.buildBm25();
        ModelChoice choice = ModelChoice.folder(tiny, null);
        compare.runHybrid(choice, CompareViewModel.HybridKind.RRF);
        compare.runHybrid(choice, CompareViewModel.HybridKind.CONVEX_TUNED);
        compare.runHybrid(choice, CompareViewModel.HybridKind.LABEL_FREE);
        assertThat(dialogs.errors).isEmpty();
        List<EvalRuns.SavedRun> saved = EvalRuns.list(Workspace.open(ws), new ArrayList<>());
        EvalRuns.SavedRun rrf = find(saved, "hybrid RRF");
        EvalRuns.SavedRun tuned = find(saved, "hybrid w ", " tuned on ");
        EvalRuns.SavedRun labelFree = find(saved, "hybrid w ", " label-free ");

        String[] files = {
            "recall",
            "--model",
            tiny.toString(),
            "--similar_text_pair",
            ws.resolve("test.csv").toString(),
            "--corpus",
            ws.resolve("corpus.csv").toString(),
            "--mode",
            "hybrid"
        };
        Path cliRrf = dir.resolve("rrf.trec");
        CliRun a = CliRun.of(concat(files, "--fusion", "rrf", "--trec-run", cliRrf.toString()));
        assertThat(a.exit()).as(a.err()).isZero();
        Path cliTuned = dir.resolve("tuned.trec");
        CliRun b = CliRun.of(
                concat(files, "--tune_on", ws.resolve("dev.csv").toString(), "--trec-run", cliTuned.toString()));
        assertThat(b.exit()).as(b.err()).isZero();

        // --mode hybrid with nothing else: the label-free fusion, Compare's default without a dev split
        Path cliLabelFree = dir.resolve("label-free.trec");
        CliRun c = CliRun.of(concat(files, "--trec-run", cliLabelFree.toString()));
        assertThat(c.exit()).as(c.err()).isZero();

        assertSameRankings(TrecRunFile.read(cliRrf, ReadOptions.STRICT), rrf.run());
        RecallRun cliFree = TrecRunFile.read(cliLabelFree, ReadOptions.STRICT);
        assertSameRankings(cliFree, labelFree.run());
        // the same metrics as the command line's run, scored the same way
        var set = model.evalSetProperty().get();
        var guiMetrics = dev.nsw.eval.RetrievalMetrics.evaluate(set, labelFree.run());
        var cliMetrics = dev.nsw.eval.RetrievalMetrics.evaluate(set, cliFree);
        assertThat(guiMetrics.recall(10)).isEqualTo(cliMetrics.recall(10));
        assertThat(guiMetrics.ndcg10()).isEqualTo(cliMetrics.ndcg10());
        // its settings say the fusion, the weight and why: the line the command line prints
        assertThat(labelFree.settings())
                .containsEntry("fusion", "zscore")
                .containsEntry("weight_from", "label-free")
                .containsKey("weight");
        assertThat(labelFree.name()).contains("w " + labelFree.settings().get("weight") + " label-free");
        assertThat(c.err()).contains("hybrid: " + labelFree.settings().get("why"));
        assertThat(labelFree.settings().get("why"))
                .startsWith("label-free z-score fusion, dense weight "
                        + labelFree.settings().get("weight"));
        // the other fusions say theirs too
        assertThat(rrf.settings().get("why")).startsWith("reciprocal-rank fusion (k 60)");
        assertThat(tuned.settings().get("weight_from"))
                .isEqualTo("tuned on " + tuned.settings().get("tuned_on"));
        assertThat(tuned.settings().get("why"))
                .startsWith("convex fusion, dense weight " + tuned.settings().get("weight"))
                .contains(tuned.settings().get("tuned_ndcg10"));
        assertSameRankings(TrecRunFile.read(cliTuned, ReadOptions.STRICT), tuned.run());
        assertThat(b.err()).contains("dense weight " + tuned.settings().get("weight") + " tuned on ");
        assertThat(b.err()).contains("nDCG@10 " + tuned.settings().get("tuned_ndcg10") + "; curve w:nDCG@10 0.00:");
    }

    private static EvalRuns.SavedRun find(List<EvalRuns.SavedRun> saved, String prefix, String... contains) {
        return saved.stream()
                .filter(r -> r.name().startsWith(prefix)
                        && java.util.Arrays.stream(contains).allMatch(r.name()::contains))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no saved run named " + prefix + "…"));
    }

    private static void assertSameRankings(RecallRun cli, RecallRun gui) {
        assertThat(cli.rankings().keySet()).isEqualTo(gui.rankings().keySet()).isNotEmpty();
        for (Map.Entry<String, List<ScoredDoc>> e : gui.rankings().entrySet()) {
            assertThat(cli.ranking(e.getKey()).subList(0, 10))
                    .as(e.getKey())
                    .extracting(ScoredDoc::docId)
                    .containsExactlyElementsOf(e.getValue().stream()
                            .limit(10)
                            .map(ScoredDoc::docId)
                            .toList());
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
