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
import dev.nsw.text.MaxSeqLengthRule;
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
                    + " --corpus corpus.csv), for which Recall@K and MRR@10 before and after reranking are printed.",
            "With --engine URL --name NAME the dense recall comes from an engine index (`nsw push` of the same corpus"
                    + " and model); the corpus still gives the texts printed."
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

    @Mixin
    CorpusEmbeddingsOption corpusEmbeddingsOption;

    @Mixin
    ReadingOptions reading;

    @Option(names = "--show", description = "Print the results of every query also when evaluating.")
    boolean show;

    /** Dense recall from an engine index instead of a local one. */
    @Mixin
    EngineOptions engine;

    /** The search beam of the engine's HNSW (--engine) or of a saved HNSW --index. */
    @Mixin
    SearchBeamOptions beam;

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
        if (engine.given() && (indexDir != null || corpusEmbeddingsOption.path != null)) {
            throw new ParameterException(
                    spec.commandLine(), "--engine searches the engine's index: no --index or --corpus_embeddings");
        }
        if (beam.given() && !engine.given() && indexDir == null) {
            throw new ParameterException(
                    spec.commandLine(), "--hnsw_ef is the beam of an HNSW index: give --engine or --index");
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
        MaxSeqLengthRule.Choice choice = null; // the engine's index keeps the reading it was pushed with
        if (engine.given()) {
            reading.followEngineIndex(model, dev.nsw.engine.EngineIndex.meta(engine.client(), engine.name()));
        } else {
            choice = reading.resolve(model, CliSupport.texts(corpus), indexDir);
        }
        try (TextEncoder encoder = model.openForInference(precision)) {
            // an evaluation set's rule (a query's own id is never a hit) applies before reranking
            var scoring = dataset == null ? null : scoringOptions.scoring(dataset);
            int depth = scoring == null ? recallNum : scoring.retrievalDepth(recallNum);
            RecallRun raw = engine.given()
                    ? engineRecall(encoder, corpus, queries, depth)
                    : localRecall(encoder, corpus, choice == null ? null : choice.passages(), queries, depth);
            recalled = scoring == null ? raw : scoring.asWritten(raw, recallNum);
            denseName = model.label() + (engine.given() ? " engine" : "");
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

    /** Dense recall over the local corpus: a saved --index, or exact search over its (cached) embeddings. */
    private RecallRun localRecall(
            TextEncoder encoder,
            Corpus corpus,
            dev.nsw.text.PassageWindows passages,
            List<Query> queries,
            int recallNum)
            throws java.io.IOException {
        long t0 = System.nanoTime();
        VectorIndex index = DenseRecall.openOrBuild(
                encoder,
                corpus,
                passages,
                indexDir,
                corpusEmbeddingsOption.path,
                DenseRecall.IndexSpec.exact(),
                ConsoleProgress.of(spec),
                CancellationToken.NEVER);
        if (beam.given() && index instanceof dev.nsw.index.HnswVectorIndex h) {
            h.setEf(beam.ef);
        } else if (beam.given()) {
            throw new ParameterException(
                    spec.commandLine(), "--hnsw_ef: the index " + indexDir + " is " + index.kind() + ", not HNSW");
        }
        double indexSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        RecallRun run = DenseRecall.recall(
                encoder, index, queries, recallNum, ConsoleProgress.of(spec), CancellationToken.NEVER);
        spec.commandLine()
                .getErr()
                .printf(
                        Locale.ROOT,
                        "dense recall (%s): corpus of %,d ready in %.1f s; %,d queries recalled in %.1f s%n",
                        model.label(),
                        index.size(),
                        indexSeconds,
                        queries.size(),
                        (System.nanoTime() - t1) / 1e9);
        return run;
    }

    /**
     * Dense recall from the engine's index, refused in one line when it holds another model's vectors or another
     * corpus's texts (the corpus prints the hits and scores an evaluation set).
     */
    private RecallRun engineRecall(TextEncoder encoder, Corpus corpus, List<Query> queries, int recallNum) {
        var client = engine.client();
        dev.nsw.engine.EngineIndex.requireSame(
                dev.nsw.engine.EngineIndex.meta(client, engine.name()),
                engine.name(),
                encoder.modelId(),
                corpus.fingerprint());
        long t1 = System.nanoTime();
        RecallRun run = dev.nsw.engine.EngineRetrievers.recallAll(
                new dev.nsw.engine.EngineRetrievers.Dense(client, engine.name(), encoder, beam.ef),
                queries,
                recallNum,
                ConsoleProgress.of(spec),
                CancellationToken.NEVER);
        spec.commandLine()
                .getErr()
                .printf(
                        Locale.ROOT,
                        "dense recall (%s, engine %s index '%s'): %,d queries in %.1f s%n",
                        model.label(),
                        client.base(),
                        engine.name(),
                        queries.size(),
                        (System.nanoTime() - t1) / 1e9);
        return run;
    }

    /** The evaluation set restricted to some of its queries (same corpus). */
    private static RetrievalDataset subset(RetrievalDataset d, List<Query> queries) {
        return d.withQueries(d.name() + " (first " + queries.size() + " queries)", queries);
    }
}
