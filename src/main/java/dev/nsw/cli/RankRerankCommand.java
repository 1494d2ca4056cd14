package dev.nsw.cli;

import dev.nsw.data.DataFormatException;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.TrecRunFile;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.job.CancellationToken;
import dev.nsw.rank.CrossEncoder;
import dev.nsw.rank.RerankStage;
import dev.nsw.rank.Reranking;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "rerank",
        mixinStandardHelpOptions = true,
        description = {
            "Rerank a first-stage run of an evaluation set (a TREC run from recall, bm25 or any system) with the",
            "cross-encoder: each query's top N rescored, optionally mixed with the first stage's scores",
            "(w·rerank + (1−w)·first, min-max per query) with w given or tuned for nDCG@10 on a dev set and its own",
            "first-stage run. Prints the metrics of the first stage, the reranker alone and the mix."
        })
final class RankRerankCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    EvalSetOptions set;

    @Mixin
    RerankerOptions reranker;

    @Mixin
    ScoringOptions scoringOptions;

    @Option(
            names = "--first_stage",
            required = true,
            paramLabel = "RUN",
            description = "The set's first-stage TREC run.")
    Path firstStage;

    @Option(names = "--rerank", defaultValue = "50", paramLabel = "N", description = "Documents rescored per query.")
    int rerank;

    @ArgGroup(exclusive = true)
    Mix mix;

    /** The mix weight: given, or tuned on a dev set (which needs that set's own first-stage run); not both. */
    static final class Mix {
        @Option(
                names = "--rerank_weight",
                paramLabel = "W",
                description = "Mix: the reranker's weight in [0, 1] (1 = reranker alone).")
        Double weight;

        @ArgGroup(exclusive = false)
        Tuning tuning;
    }

    /** Both or neither. */
    static final class Tuning {

        @Option(
                names = "--tune_on",
                required = true,
                paramLabel = "DEV",
                description =
                        "Tune the mix weight for nDCG@10 on this dev set (a pair file against the same --corpus, or with --beir a"
                                + " qrels split), reranking --dev_first_stage; never the set being scored.")
        String tuneOn;

        @Option(
                names = "--dev_first_stage",
                required = true,
                paramLabel = "RUN",
                description = "The dev set's first-stage TREC run (with --tune_on).")
        Path devFirstStage;
    }

    @Option(
            names = "--trec_run",
            paramLabel = "FILE",
            description = "Write the final run (the mix, else the reranker's) here.")
    @Writes
    Path trecRun;

    @Option(names = "--trec-run", hidden = true, paramLabel = "FILE")
    void oldTrecRun(Path file) {
        trecRun = file;
    }

    @Option(names = "--threads", defaultValue = "0", description = "PyTorch threads; 0 = all cores.")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (rerank < 1) {
            throw new ParameterException(spec.commandLine(), "--rerank must be >= 1, got " + rerank);
        }
        Double weight = mix == null ? null : mix.weight;
        String tuneOn = mix == null || mix.tuning == null ? null : mix.tuning.tuneOn;
        Path devFirstStage = mix == null || mix.tuning == null ? null : mix.tuning.devFirstStage;
        if (weight != null && !(weight >= 0 && weight <= 1)) {
            throw new ParameterException(spec.commandLine(), "--rerank_weight must be in [0, 1], got " + weight);
        }
        if (tuneOn != null && set.namesTheSameSet(tuneOn)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--tune_on " + tuneOn + " is the set being scored: tune on dev data, never on test");
        }
        RetrievalDataset dataset = set.load(true);
        RecallRun first = TrecRunFile.read(firstStage, set.readOptions(), dataset);
        PrintWriter err = spec.commandLine().getErr();
        List<MetricsTable.Row> rows = new ArrayList<>();
        rows.add(new MetricsTable.Row(
                "first stage, top " + rerank + " (" + firstStage.getFileName() + ")",
                evaluate(dataset, Reranking.combine(first, first, 0, rerank))));
        RecallRun finalRun;
        try (CrossEncoder ce = reranker.open(threads)) {
            checkQueries(dataset, first, firstStage);
            RetrievalDataset dev = tuneOn == null ? null : set.loadDev(tuneOn);
            RerankStage.Mix plan;
            if (dev != null) {
                RecallRun devFirst = TrecRunFile.read(devFirstStage, set.readOptions(), dev);
                checkQueries(dev, devFirst, devFirstStage);
                plan = new RerankStage.TunedOnDev(dev, devFirst, tuneOn);
            } else {
                plan = weight != null ? new RerankStage.Given(weight) : new RerankStage.Alone();
            }
            RerankStage.Result r = RerankStage.run(
                    first,
                    dataset.queries(),
                    dataset.corpus(),
                    rerank,
                    ce,
                    plan,
                    ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
            err.printf(
                    Locale.ROOT,
                    "reranked the top %d of %,d queries in %.1f s%n",
                    rerank,
                    dataset.queries().size(),
                    r.rerankSeconds());
            rows.add(new MetricsTable.Row("reranker alone", evaluate(dataset, r.reranked())));
            r.tuning().ifPresent(t -> {
                err.printf(
                        Locale.ROOT,
                        "rerank: weight %.2f tuned on %s (%,d queries), nDCG@10 %.4f (first stage alone %.4f); curve w:nDCG@10 %s%n",
                        t.weight(),
                        tuneOn,
                        dev.queries().size(),
                        t.objective(),
                        t.curve().get(0.0),
                        t.curveText());
            });
            finalRun = r.run();
            if (!(plan instanceof RerankStage.Alone)) {
                rows.add(new MetricsTable.Row(
                        String.format(
                                Locale.ROOT,
                                "mix, reranker weight %.2f%s",
                                r.weight(),
                                tuneOn != null ? " (tuned on dev)" : ""),
                        evaluate(dataset, finalRun)));
            }
        }
        if (trecRun != null) {
            TrecRunFile.write(trecRun, finalRun, "nsw-rerank", dataset);
            err.println("wrote " + trecRun);
        }
        MetricsTable.print(spec.commandLine().getOut(), rows);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** A run of another set names queries this one lacks: one line naming the file. */
    private static void checkQueries(RetrievalDataset d, RecallRun run, Path file) {
        Set<String> ids = new HashSet<>();
        d.queries().forEach(q -> ids.add(q.id()));
        for (String q : run.rankings().keySet()) {
            if (!ids.contains(q)) {
                throw new DataFormatException(
                        file,
                        0,
                        "query id '" + q + "' is not a query of " + d.name() + " (was the run made on another set?)");
            }
        }
    }

    private dev.nsw.eval.MetricsReport evaluate(RetrievalDataset d, RecallRun run) {
        return RetrievalMetrics.evaluate(d, run, scoringOptions.scoring(d));
    }
}
