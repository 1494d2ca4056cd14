package dev.nsw.cli;

import dev.nsw.data.Corpus;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.job.CancellationToken;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.lexical.LexicalAnalyzer;
import dev.nsw.workspace.CompareRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nsw bm25}: index a corpus with Lucene BM25 and recall the top K for each query of an evaluation set. */
@Command(
        name = "bm25",
        mixinStandardHelpOptions = true,
        description = {
            "Index a corpus with Lucene BM25 and recall the top K texts (-k) for each query.",
            "Writes the recipe's recall result file (query \\t text \\t score) and/or a TREC run,",
            "and prints Recall@1/5/10/20/50, MRR@10 and nDCG@10 with --evaluate."
        })
public final class Bm25Command implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    EvalSetOptions set;

    @Mixin
    RecallOutputOptions outputs;

    @Option(
            names = "--index",
            paramLabel = "DIR",
            description = "Keep the index in this folder: reopened if it exists (unless --rebuild), built otherwise.")
    @Writes(folder = true)
    Path indexDir;

    @Option(names = "--rebuild", description = "Rebuild the index even if --index exists.")
    boolean rebuild;

    @Option(
            names = "--analyzer",
            defaultValue = LexicalAnalyzer.AUTO,
            description =
                    "auto, standard, english, smartcn, cjk-bigram or cjk-unigram-bigram (auto: standard = character unigrams for Chinese text, english otherwise).")
    String analyzer;

    @Option(names = "--k1", defaultValue = "1.2", description = "BM25 term-frequency saturation.")
    float k1;

    @Option(names = "--b", defaultValue = "0.75", description = "BM25 length normalisation.")
    float b;

    @Option(names = "--threads", defaultValue = "2", description = "Search threads.")
    int threads;

    @CommandLine.Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        outputs.validate();
        // a bad name is a usage error (exit 2), found before any file is read
        LexicalAnalyzer named = CliSupport.usage(
                spec,
                "--analyzer: ",
                () -> LexicalAnalyzer.AUTO.equals(analyzer) ? null : LexicalAnalyzer.fromCliName(analyzer));
        RetrievalDataset dataset = set.load(true);
        Corpus corpus = dataset.corpus();
        if (engine.given()) {
            // the path Compare's engine BM25 runs take: the engine's analyzer and k1/b are the ones it was pushed
            // with; a different corpus is refused
            long t1 = System.nanoTime();
            var recalled = CompareRuns.engineRecall(
                    engine.engineTarget(),
                    null,
                    0,
                    dataset,
                    outputs.retrievalDepth(dataset),
                    ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
            double seconds = (System.nanoTime() - t1) / 1e9;
            spec.commandLine()
                    .getErr()
                    .printf(
                            Locale.ROOT,
                            "BM25 (%s, engine %s index '%s', dfs_query_then_fetch): %,d queries in %.2f s (%.2f ms/query)%n",
                            recalled.meta().bm25().analyzer().cliName(),
                            engine.engineTarget().urls(),
                            engine.name(),
                            dataset.queries().size(),
                            seconds,
                            1000 * seconds / Math.max(1, dataset.queries().size()));
            outputs.emit(
                    dataset,
                    recalled.run(),
                    "BM25 " + recalled.meta().bm25().analyzer().cliName() + " engine",
                    "nsw-bm25-engine");
            return 0;
        }
        LexicalAnalyzer chosen = named != null ? named : LexicalAnalyzer.autoFor(corpus);
        Bm25Options options = new Bm25Options(chosen, k1, b);
        var err = spec.commandLine().getErr();

        long t0 = System.nanoTime();
        Bm25Index index;
        boolean reused = indexDir != null && !rebuild && Files.exists(indexDir);
        if (reused) {
            index = Bm25Index.open(indexDir);
            if (index.documents() != corpus.size()) {
                index.close();
                throw new IllegalStateException("the index " + indexDir + " holds " + index.documents()
                        + " documents but the corpus has " + corpus.size() + "; use --rebuild");
            }
        } else if (indexDir != null) {
            index = Bm25Index.build(corpus, indexDir, options, ConsoleProgress.of(spec), CancellationToken.NEVER);
        } else {
            index = Bm25Index.buildInMemory(corpus, options, ConsoleProgress.of(spec), CancellationToken.NEVER);
        }
        double indexSeconds = (System.nanoTime() - t0) / 1e9;
        try (index) {
            long t1 = System.nanoTime();
            RecallRun run = index.searchAll(
                    dataset.queries(),
                    outputs.retrievalDepth(dataset),
                    threads,
                    ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
            double recallSeconds = (System.nanoTime() - t1) / 1e9;
            err.printf(
                    Locale.ROOT,
                    "BM25 (%s, k1 %.2f, b %.2f): %s %,d documents in %.2f s; recalled %,d queries in %.2f s (%.2f ms/query)%n",
                    index.options().analyzer().cliName(),
                    index.options().k1(),
                    index.options().b(),
                    reused ? "opened index of" : "indexed",
                    corpus.size(),
                    indexSeconds,
                    dataset.queries().size(),
                    recallSeconds,
                    1000 * recallSeconds / Math.max(1, dataset.queries().size()));
            outputs.emit(dataset, run, "BM25 " + index.options().analyzer().cliName(), "nsw-bm25");
        }
        return 0;
    }
}
