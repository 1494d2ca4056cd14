package dev.nsw.cli;

import dev.nsw.data.DataStats;
import dev.nsw.data.FileKind;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.eval.Scoring;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.train.Strategy;
import dev.nsw.train.Trainer;
import dev.nsw.train.TrainingJob;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nsw demo}: the whole pipeline on the bundled sample in the terminal — check the data, BM25,
 * the pretrained dense model, a short in-batch fine-tune, an HNSW index of the tuned model, and one
 * table comparing them. Uses the same services as the other commands and the workbench.
 *
 * <p>The default data, {@code sample-data/zh-helpdesk}, is built so that training has something to learn:
 * its queries name internal systems by code names no public model has seen, and its test queries are held
 * out (a system's test questions never appear in training, only other questions about it). When the folder
 * has a {@code test_plain.csv} — the same held-out documents asked with the systems' plain names — the demo
 * scores it too, as the control: there the pretrained model already does well, so a gain on {@code test.csv}
 * that is absent on the control is the code names being learned, not the test leaking into training.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the whole pipeline on sample-data/zh-helpdesk: data check, BM25, pretrained bge-small-zh, a short",
            "in-batch fine-tune, an HNSW index, and a Recall@K table. Takes a minute or two on 2 cores."
        })
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Recipe-layout folder (default: sample-data/zh-helpdesk of this checkout).")
    Path data;

    @Option(
            names = "--workspace",
            paramLabel = "DIR",
            description = "Where models, indexes and run records go (default: workspace-demo/).")
    @Writes(folder = true)
    Path workspace;

    @Option(names = "--epochs", defaultValue = "2", description = "Fine-tuning epochs.")
    int epochs;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("nsw.home", "."));
        Path dir = data != null ? data : home.resolve("sample-data/zh-helpdesk");
        Path ws = workspace != null ? workspace : home.resolve("workspace-demo");
        PrintWriter out = spec.commandLine().getOut();
        Files.createDirectories(ws);

        out.println("== 1. data (" + dir + ")");
        for (String f : List.of("train.csv", "test.csv", "corpus.csv")) {
            Path p = dir.resolve(f);
            DataStats.of(p, FileKind.detect(p), ReadOptions.STRICT, null).print(out);
        }
        RetrievalDataset test =
                RetrievalDataset.readRecipe(dir.resolve("test.csv"), dir.resolve("corpus.csv"), ReadOptions.STRICT);
        Path controlFile = dir.resolve("test_plain.csv");
        RetrievalDataset control = Files.isRegularFile(controlFile)
                ? RetrievalDataset.readRecipe(controlFile, dir.resolve("corpus.csv"), ReadOptions.STRICT)
                : null;
        List<MetricsTable.Row> rows = new ArrayList<>();
        List<MetricsTable.Row> controlRows = new ArrayList<>();

        out.println("== 2. BM25 baseline");
        out.flush();
        long t0 = System.nanoTime();
        try (Bm25Index bm25 = Bm25Index.build(
                test.corpus(),
                ws.resolve("bm25"),
                Bm25Options.auto(test.corpus()),
                ConsoleProgress.of(spec),
                CancellationToken.NEVER)) {
            RecallRun run = bm25.searchAll(
                    test.queries(), Scoring.RECALL_NUM, 2, ConsoleProgress.of(spec), CancellationToken.NEVER);
            rows.add(new MetricsTable.Row(
                    "BM25 " + bm25.options().analyzer().cliName(), RetrievalMetrics.evaluate(test, run)));
            if (control != null) {
                RecallRun controlRun = bm25.searchAll(
                        control.queries(), Scoring.RECALL_NUM, 2, ConsoleProgress.of(spec), CancellationToken.NEVER);
                controlRows.add(new MetricsTable.Row(
                        "BM25 " + bm25.options().analyzer().cliName(), RetrievalMetrics.evaluate(control, controlRun)));
            }
        }
        out.printf(Locale.ROOT, "   %.1f s%n", seconds(t0));

        out.println("== 3. pretrained dense model (bge-small-zh-v1.5, CLS, exact search)");
        out.flush();
        t0 = System.nanoTime();
        EncoderOptions options = EncoderOptions.defaults();
        try (Encoder encoder = Encoder.open("bge-small-zh-v1.5", options)) {
            rows.add(new MetricsTable.Row(
                    "bge-small-zh pretrained",
                    DenseRecall.evaluate(
                            encoder, test, Scoring.RECALL_NUM, ConsoleProgress.of(spec), CancellationToken.NEVER)));
            if (control != null) {
                controlRows.add(new MetricsTable.Row(
                        "bge-small-zh pretrained",
                        DenseRecall.evaluate(
                                encoder,
                                control,
                                Scoring.RECALL_NUM,
                                ConsoleProgress.of(spec),
                                CancellationToken.NEVER)));
            }
        }
        out.printf(Locale.ROOT, "   %.1f s%n", seconds(t0));

        out.println("== 4. in-batch fine-tune on train.csv (" + epochs + " epochs, batch 32, emb 256, dev = dev.csv)");
        out.flush();
        t0 = System.nanoTime();
        RetrievalDataset dev =
                RetrievalDataset.readRecipe(dir.resolve("dev.csv"), dir.resolve("corpus.csv"), ReadOptions.STRICT);
        Trainer.discardRun(ws.resolve("inbatch")); // the demo replaces its own last run
        TrainingJob job = TrainingJob.builder(
                        Strategy.INBATCH, "bge-small-zh-v1.5", dir.resolve("train.csv"), ws.resolve("inbatch"))
                .encoderOptions(options.withOutputEmbSize(256))
                .config(Strategy.INBATCH.defaults().withBatchSize(32).withEpochs(epochs))
                .dev(dev)
                .build();
        TrainingJob.Outcome outcome = job.run(
                StepLines.brief(spec.commandLine().getErr()), ConsoleProgress.of(spec), CancellationToken.NEVER);
        out.printf(
                Locale.ROOT,
                "   %d steps, loss %.3f → %.3f, %.1f s; best model by dev Recall@5: %s%n",
                outcome.result().steps(),
                outcome.result().firstLoss(),
                outcome.result().lastLoss(),
                seconds(t0),
                outcome.result().bestModel());

        out.println("== 5. HNSW index of the fine-tuned model (M 100, efConstruction 100, ef 100) and recall");
        out.flush();
        t0 = System.nanoTime();
        try (Encoder tuned = Encoder.load(outcome.result().bestModel(), options)) {
            VectorIndex index = DenseRecall.buildIndex(
                    tuned,
                    test.corpus(),
                    DenseRecall.IndexSpec.recipeHnsw(),
                    ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
            index.save(ws.resolve("hnsw"));
            RecallRun run = DenseRecall.recall(
                    tuned,
                    index,
                    test.queries(),
                    Scoring.RECALL_NUM,
                    ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
            rows.add(new MetricsTable.Row("bge-small-zh in-batch (HNSW)", RetrievalMetrics.evaluate(test, run)));
            if (control != null) {
                RecallRun controlRun = DenseRecall.recall(
                        tuned,
                        index,
                        control.queries(),
                        Scoring.RECALL_NUM,
                        ConsoleProgress.of(spec),
                        CancellationToken.NEVER);
                controlRows.add(new MetricsTable.Row(
                        "bge-small-zh in-batch (HNSW)", RetrievalMetrics.evaluate(control, controlRun)));
            }
        }
        out.printf(Locale.ROOT, "   %.1f s%n", seconds(t0));

        out.println("== 6. test.csv against corpus.csv (held-out queries; training never saw them)");
        MetricsTable.print(out, rows);
        if (control != null) {
            out.println(
                    "== 7. control: test_plain.csv, the same documents asked with plain names instead of code names");
            MetricsTable.print(out, controlRows);
        }
        out.println("Workspace: " + ws.toAbsolutePath() + " (BM25 index, trained model, HNSW index, run.json)");
        out.println("Open the workbench with ./nsw to explore the same data interactively.");
        out.flush();
        return 0;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
