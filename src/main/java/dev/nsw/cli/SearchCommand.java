package dev.nsw.cli;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.Query;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.data.TextLine;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.rank.CrossEncoder;
import dev.nsw.rank.Reranking;
import dev.nsw.retrieval.DenseRecall;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nsw search}: dense recall, optionally reranked by the cross-encoder — the recipe's two-stage system. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = {
            "Search a corpus: dense recall of each query's top K (-k); with --rerank N --reranker DIR the cross-encoder"
                    + " reorders the top N; prints the first --show_top results of each query.",
            "Queries: --query TEXT, --queries FILE (one a line), or an evaluation set (--similar_text_pair test.csv"
                    + " --corpus corpus.csv), for which Recall@K and MRR@10 before and after reranking are printed."
        })
public final class SearchCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    PrecisionOption precision;

    @Mixin
    EvalSetOptions set;

    @Mixin
    ScoringOptions scoringOptions;

    @Mixin
    RerankerOptions reranker;

    @Option(names = "--query", paramLabel = "TEXT", description = "One query.")
    String query;

    @Option(names = "--queries", paramLabel = "FILE", description = "Queries, one a line.")
    Path queriesFile;

    @Option(names = "--query_limit", defaultValue = "0", description = "Use only the first N queries (0 = all).")
    int queryLimit;

    @Mixin
    CutoffOptions cutoff = new CutoffOptions(50);

    @Option(
            names = "--rerank",
            defaultValue = "0",
            paramLabel = "N",
            description = "Rerank each query's top N with --reranker (0 = off).")
    int rerank;

    @Option(names = "--show_top", defaultValue = "10", paramLabel = "N", description = "Results printed per query.")
    int showTop;

    @Option(
            names = "--index",
            paramLabel = "DIR",
            description = "Index built by `nsw index` with the same model (default: exact search).")
    Path indexDir;

    @Option(
            names = "--corpus_embeddings",
            paramLabel = "FILE.npy",
            description = "Cache of the corpus embeddings: read when it matches the model, else written.")
    @Writes
    Path corpusEmbeddings;

    @Option(names = "--show", description = "Print the results of every query also when evaluating.")
    boolean show;

    @Override
    public Integer call() throws Exception {
        int recallNum = cutoff.k();
        if (showTop < 1 || rerank < 0) {
            throw new ParameterException(spec.commandLine(), "--show_top must be >= 1, --rerank >= 0");
        }
        if (rerank > 0 && !reranker.given()) {
            throw new ParameterException(spec.commandLine(), "--rerank needs --reranker DIR");
        }
        if (rerank > recallNum) {
            throw new ParameterException(spec.commandLine(), "--rerank " + rerank + " exceeds --top_k " + recallNum);
        }
        if (query != null && query.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--query is empty: give the text to search for");
        }
        int sources = (query != null ? 1 : 0) + (queriesFile != null ? 1 : 0) + (set.given() ? 1 : 0);
        if (sources != 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "give exactly one of --query TEXT, --queries FILE, or an evaluation set (--similar_text_pair FILE / --beir DIR)");
        }
        RetrievalDataset dataset = set.given() ? set.load(true) : null;
        Corpus corpus = dataset != null ? dataset.corpus() : set.loadCorpus();
        List<Query> queries = new ArrayList<>();
        if (dataset != null) {
            queries.addAll(dataset.queries());
        } else if (query != null) {
            queries.add(new Query("q1", query.strip()));
        } else {
            for (TextLine l :
                    RecipeFiles.readTexts(queriesFile, ReadOptions.STRICT).records()) {
                queries.add(new Query("q" + (queries.size() + 1), l.text()));
            }
        }
        if (queryLimit > 0 && queries.size() > queryLimit) {
            queries = new ArrayList<>(queries.subList(0, queryLimit));
            if (dataset != null) {
                dataset = subset(dataset, queries);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RecallRun recalled;
        String denseName;
        try (TextEncoder encoder = model.openForInference(precision)) {
            long t0 = System.nanoTime();
            VectorIndex index = DenseRecall.openOrBuild(
                    encoder,
                    corpus,
                    indexDir,
                    corpusEmbeddings,
                    DenseRecall.IndexSpec.exact(),
                    ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
            double indexSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            if (dataset == null) {
                recalled = DenseRecall.recall(
                        encoder, index, queries, recallNum, ConsoleProgress.of(spec), CancellationToken.NEVER);
            } else { // an evaluation set's rule (a query's own id is never a hit) applies before reranking
                var scoring = scoringOptions.scoring(dataset);
                recalled = scoring.asWritten(
                        DenseRecall.recall(
                                encoder,
                                index,
                                queries,
                                scoring.retrievalDepth(recallNum),
                                ConsoleProgress.of(spec),
                                CancellationToken.NEVER),
                        recallNum);
            }
            err.printf(
                    Locale.ROOT,
                    "dense recall (%s): corpus of %,d ready in %.1f s; %,d queries recalled in %.1f s%n",
                    model.label(),
                    index.size(),
                    indexSeconds,
                    queries.size(),
                    (System.nanoTime() - t1) / 1e9);
            denseName = model.label();
        }
        RecallRun finalRun = recalled;
        if (rerank > 0) {
            Map<String, String> texts = new LinkedHashMap<>();
            queries.forEach(q -> texts.put(q.id(), q.text()));
            long t2 = System.nanoTime();
            try (CrossEncoder ce = reranker.open(model.threads)) {
                finalRun = Reranking.rerank(
                        recalled, texts, corpus, rerank, ce, ConsoleProgress.of(spec), CancellationToken.NEVER);
            }
            err.printf(
                    Locale.ROOT,
                    "reranked the top %d of %,d queries in %.1f s%n",
                    rerank,
                    queries.size(),
                    (System.nanoTime() - t2) / 1e9);
        }
        if (dataset == null || show) {
            for (Query q : queries) {
                out.println("# " + q.id() + "\t" + q.text());
                List<ScoredDoc> docs = finalRun.ranking(q.id());
                for (int i = 0; i < Math.min(showTop, docs.size()); i++) {
                    ScoredDoc d = docs.get(i);
                    out.printf(
                            Locale.ROOT,
                            "%d\t%.4f\t%s%n",
                            i + 1,
                            d.score(),
                            corpus.byId(d.docId()).map(Document::text).orElse(d.docId()));
                }
            }
            out.printf("(scores: %s)%n", finalRun.scoreKind());
        }
        if (dataset != null) {
            List<MetricsTable.Row> rows = new ArrayList<>();
            rows.add(new MetricsTable.Row(
                    "dense " + denseName + " top " + recallNum,
                    RetrievalMetrics.evaluate(dataset, recalled, scoringOptions.scoring(dataset))));
            if (rerank > 0) {
                rows.add(new MetricsTable.Row(
                        "reranked top " + rerank,
                        RetrievalMetrics.evaluate(dataset, finalRun, scoringOptions.scoring(dataset))));
            }
            MetricsTable.print(out, rows);
        }
        out.flush();
        return 0;
    }

    /** The evaluation set restricted to some of its queries (same corpus). */
    private static RetrievalDataset subset(RetrievalDataset d, List<Query> queries) {
        return d.withQueries(d.name() + " (first " + queries.size() + " queries)", queries);
    }
}
