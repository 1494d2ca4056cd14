package dev.nsw.workspace;

import dev.nsw.data.Document;
import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.engine.EngineClient;
import dev.nsw.engine.EngineIndex;
import dev.nsw.engine.EngineRetrievers;
import dev.nsw.engine.EngineTarget;
import dev.nsw.eval.Scoring;
import dev.nsw.index.IndexKind;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.retrieval.Bm25Retriever;
import dev.nsw.retrieval.CorpusEmbeddings;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.retrieval.Fusion;
import dev.nsw.retrieval.HybridEvaluation;
import dev.nsw.retrieval.PassageCorpus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs the workbench's Compare panel makes of a workspace's evaluation set, each to {@link Scoring#RECALL_NUM}
 * with the settings saved beside it ({@link EvalRuns}): BM25 (as {@code nsw bm25}), a dense model over an exact
 * index of the corpus (as {@code nsw recall}), and hybrid ({@link HybridEvaluation}, as
 * {@code nsw recall --mode hybrid}), and engine BM25 and dense runs of an engine index the workspace names
 * ({@link #engineBm25}, {@link #engineDense}: the path of {@code nsw bm25/recall --engine}). Settings are in the order
 * they are shown.
 */
public final class CompareRuns {
    private CompareRuns() {}

    /** A run and the settings that made it. */
    public record Made(RecallRun run, Map<String, String> settings) {}

    /** A hybrid run: the evaluation (method, tuning) and the settings that made it. */
    public record MadeHybrid(HybridEvaluation.Result result, Map<String, String> settings) {}

    /** A dense model as Compare names it: its label in the panels and what {@code Encoder.open} takes. */
    public record DenseModel(String label, String spec, String slug) {}

    /** BM25 over the set's corpus: the top {@link Scoring#RECALL_NUM} of every test query, two search threads. */
    public static Made bm25(
            Bm25Index index, RetrievalDataset set, ProgressListener progress, CancellationToken cancel) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("retriever", "bm25");
        settings.put("analyzer", index.options().analyzer().cliName());
        settings.put("k1", Float.toString(index.options().k1()));
        settings.put("b", Float.toString(index.options().b()));
        settings.put("data", set.name());
        // the workspace's scoring rule applied as the run is made (a query's own id is never a hit under
        // BEIR's), so the saved TREC run is what every panel scores
        Scoring scoring = Scoring.defaultsFor(set);
        RecallRun run = scoring.asWritten(
                index.searchAll(set.queries(), scoring.retrievalDepth(Scoring.RECALL_NUM), 2, progress, cancel),
                Scoring.RECALL_NUM);
        return new Made(run, settings);
    }

    /** What Compare names a BM25 run of {@code index}. */
    public static String bm25Name(Bm25Index index) {
        return new Bm25Retriever(index).name();
    }

    /**
     * An exact index of the corpus's vectors by {@code encoder}: from the workspace's saved embeddings when the
     * Index panel (or an earlier run) made them with the same model and settings, else embedded (and saved
     * there); without a workspace, embedded. {@code embedded} runs when the corpus was embedded from scratch.
     * With {@code passages} (MaxP, null: none), documents longer than the window are cut into passages, each embedded
     * (cached as {@link Workspace#passageEmbeddingsFile}), and a document scores as its best passage — what
     * {@code nsw recall --passages maxp} builds ({@link DenseRecall#openOrBuild}).
     */
    public static VectorIndex exactCorpusIndex(
            TextEncoder encoder,
            DenseModel model,
            RetrievalDataset set,
            dev.nsw.text.PassageWindows passages,
            Workspace ws,
            Runnable embedded,
            ProgressListener progress,
            CancellationToken cancel)
            throws IOException {
        // MaxP embeds the passages in place of the documents; the cache, the count and the index follow either way
        PassageCorpus cut =
                passages == null ? null : DenseRecall.split(encoder, set.corpus(), passages, progress, cancel);
        CorpusEmbeddings.Cached cached;
        if (ws == null) {
            List<String> texts = cut != null
                    ? cut.texts()
                    : set.corpus().documents().stream().map(Document::text).toList();
            cached = new CorpusEmbeddings.Cached(
                    DenseRecall.embed(encoder, texts, cut != null ? "passages" : "corpus", progress, cancel), false);
        } else if (cut != null) {
            cached = CorpusEmbeddings.load(
                    encoder,
                    cut,
                    ws.passageEmbeddingsFile(encoder, model.slug(), set.corpus(), passages),
                    progress,
                    cancel);
        } else {
            cached = ws.corpusEmbeddings(encoder, model.slug(), set.corpus(), progress, cancel);
        }
        if (!cached.reused()) {
            embedded.run();
        }
        return cut != null
                ? DenseRecall.buildIndex(
                        encoder.modelId(), cached.vectors(), cut, DenseRecall.IndexSpec.exact(), progress, cancel)
                : DenseRecall.buildIndex(
                        encoder.modelId(),
                        cached.vectors(),
                        set.corpus(),
                        DenseRecall.IndexSpec.exact(),
                        progress,
                        cancel);
    }

    /** What a run's settings say of an index of passages ({@code passages}: "maxp, windows of W, stride S"). */
    public static void putPassages(Map<String, String> settings, VectorIndex index) {
        index.passages()
                .ifPresent(p -> settings.put(
                        PASSAGES_SETTING, "maxp, windows of " + p.window() + " tokens, stride " + p.stride()));
    }

    /** The run setting that names a MaxP reading; absent when each document was read once, truncated. */
    public static final String PASSAGES_SETTING = "passages";

    /**
     * The vectors of {@code queries} by {@code encoder}, row i = query i: the workspace's query embeddings when
     * there is a workspace ({@link Workspace#queryEmbeddings}: embedded once per model and length), else embedded
     * now.
     */
    public static float[][] queryVectors(
            TextEncoder encoder,
            DenseModel model,
            List<Query> queries,
            Workspace ws,
            ProgressListener progress,
            CancellationToken cancel)
            throws IOException {
        return ws != null
                ? ws.queryEmbeddings(encoder, model.slug(), queries, progress, cancel)
                        .vectors()
                : DenseRecall.embed(encoder, queries.stream().map(Query::text).toList(), "queries", progress, cancel);
    }

    /**
     * Dense recall of every test query over {@code index} ({@link #exactCorpusIndex}), the queries' vectors from
     * {@link #queryVectors}.
     */
    public static Made dense(
            TextEncoder encoder,
            VectorIndex index,
            DenseModel model,
            RetrievalDataset set,
            Workspace ws,
            ProgressListener progress,
            CancellationToken cancel)
            throws IOException {
        DenseRecall.requireSameModel(index, encoder);
        Scoring scoring = Scoring.defaultsFor(set);
        float[][] queries = queryVectors(encoder, model, set.queries(), ws, progress, cancel);
        cancel.check();
        RecallRun run = scoring.asWritten(
                DenseRecall.search(index, queries, set.queries(), scoring.retrievalDepth(Scoring.RECALL_NUM), progress),
                Scoring.RECALL_NUM);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("retriever", "dense");
        settings.put("model", model.label());
        settings.put("model_spec", model.spec());
        settings.put("model_id", encoder.modelId());
        settings.put("index", IndexKind.EXACT.id());
        settings.put("max_seq_length", Integer.toString(encoder.tokenizer().maxSeqLength()));
        putPassages(settings, index);
        settings.put("precision", encoder.precision().label());
        settings.put("dimensions", Integer.toString(encoder.dimension()));
        settings.put("data", set.name());
        return new Made(run, settings);
    }

    /**
     * Hybrid recall of every test query: {@code bm25} fused with the dense model's {@code index} as {@code plan}
     * says ({@link #rrf()} or {@link #tunedOnDevSplit}), the test (and dev) queries' vectors from
     * {@link #queryVectors}.
     */
    public static MadeHybrid hybrid(
            Bm25Index bm25,
            TextEncoder encoder,
            VectorIndex index,
            DenseModel model,
            RetrievalDataset set,
            HybridEvaluation.Plan plan,
            Workspace ws,
            ProgressListener progress,
            CancellationToken cancel)
            throws IOException {
        DenseRecall.requireSameModel(index, encoder);
        Scoring scoring = Scoring.defaultsFor(set);
        HybridEvaluation.Result fused = HybridEvaluation.run(
                bm25,
                index,
                set.queries(),
                queries -> queryVectors(encoder, model, queries, ws, progress, cancel),
                scoring.retrievalDepth(Scoring.RECALL_NUM),
                plan,
                progress,
                cancel);
        HybridEvaluation.Result r = new HybridEvaluation.Result(
                scoring.asWritten(fused.run(), Scoring.RECALL_NUM),
                fused.method(),
                fused.firstStageDepth(),
                fused.tuned(),
                fused.labelFree(),
                fused.seconds());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("retriever", "hybrid");
        settings.put("analyzer", bm25.options().analyzer().cliName());
        settings.put("model", model.label());
        settings.put("model_spec", model.spec());
        settings.put("model_id", encoder.modelId());
        settings.put("index", IndexKind.EXACT.id());
        settings.put("max_seq_length", Integer.toString(encoder.tokenizer().maxSeqLength()));
        putPassages(settings, index);
        settings.put("precision", encoder.precision().label());
        settings.put("first_stage_depth", Integer.toString(r.firstStageDepth()));
        settings.put("data", set.name());
        settings.putAll(r.fusionSettings());
        // every hybrid run says where its weight came from and why; the label-free one's line is the fusion's own
        settings.putIfAbsent(HybridEvaluation.WEIGHT_FROM, weightFrom(r));
        settings.putIfAbsent(HybridEvaluation.WHY, why(r));
        return new MadeHybrid(r, settings);
    }

    /** Where a hybrid run's weight came from, for a run without the label-free fusion's own record. */
    static String weightFrom(HybridEvaluation.Result r) {
        if (r.tuned().isPresent()) {
            return "tuned on " + r.tuned().get().source();
        }
        return r.method() instanceof Fusion.Rrf ? "none (ranks only)" : "given";
    }

    /** One line saying which fusion a hybrid run used and why, for a run without the label-free fusion's own. */
    static String why(HybridEvaluation.Result r) {
        if (r.tuned().isPresent()) {
            HybridEvaluation.Tuned t = r.tuned().get();
            return String.format(
                    java.util.Locale.ROOT,
                    "convex fusion, dense weight %.2f: the best nDCG@10 (%.4f) of %d weights tried on %s (%,d queries)",
                    t.tuning().weight(),
                    t.tuning().objective(),
                    t.tuning().curve().size(),
                    t.source(),
                    t.queries());
        }
        return switch (r.method()) {
            case Fusion.Rrf rrf ->
                String.format(
                        java.util.Locale.ROOT,
                        "reciprocal-rank fusion (k %d): ranks only, no weight to choose; it can lose to the stronger"
                                + " side when one retriever is much weaker",
                        rrf.k());
            default -> r.method().describe() + ", weight given";
        };
    }

    /**
     * The label-free fusion ({@link HybridEvaluation.LabelFree}): z-score fusion with the dense weight chosen from the
     * test queries' own first stages, no judgements — {@code nsw recall --mode hybrid}'s default, and Compare's when
     * the workspace has no dev split.
     */
    public static HybridEvaluation.Plan labelFree() {
        return new HybridEvaluation.LabelFree();
    }

    /**
     * An engine run before the scoring shapes it: every test query searched {@code depth} deep in the engine index,
     * the index's {@code _meta}, and what the retriever is called.
     */
    public record EngineRecall(RecallRun run, EngineIndex.Meta meta, String retrieverName) {}

    /**
     * Every test query of {@code set} searched in {@code target} — its BM25 text when {@code encoder} is null, else
     * its vectors with {@code encoder}'s query embeddings at HNSW beam {@code efSearch} — after checking that the
     * index was pushed from {@code set}'s corpus (and with {@code encoder}'s model): what {@code nsw bm25 --engine}
     * and {@code nsw recall --engine} write and what Compare's engine runs score. Engine failures are one-line
     * {@link dev.nsw.engine.EngineException}s.
     */
    public static EngineRecall engineRecall(
            EngineTarget target,
            TextEncoder encoder,
            int efSearch,
            RetrievalDataset set,
            int depth,
            ProgressListener progress,
            CancellationToken cancel) {
        EngineClient client = target.client();
        EngineIndex.Meta meta = target.check(client, set.corpus(), encoder == null ? null : encoder.modelId());
        if (encoder == null) {
            try (EngineRetrievers.Bm25 bm25 = target.bm25(client)) {
                return new EngineRecall(
                        EngineRetrievers.recallAll(bm25, set.queries(), depth, progress, cancel), meta, bm25.name());
            }
        }
        EngineRetrievers.Dense dense = target.dense(client, encoder, efSearch);
        return new EngineRecall(
                EngineRetrievers.recallAll(dense, set.queries(), depth, progress, cancel), meta, dense.name());
    }

    /**
     * Engine BM25 of every test query to {@link Scoring#RECALL_NUM} ({@link #engineRecall}), shaped by the
     * workspace's scoring as a local BM25 run is.
     */
    public static Made engineBm25(
            EngineTarget target, RetrievalDataset set, ProgressListener progress, CancellationToken cancel) {
        Scoring scoring = Scoring.defaultsFor(set);
        EngineRecall r =
                engineRecall(target, null, 0, set, scoring.retrievalDepth(Scoring.RECALL_NUM), progress, cancel);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("retriever", "engine-bm25");
        settings.put("engine", target.urls());
        settings.put("engine_index", target.index());
        settings.put("analyzer", r.meta().bm25().analyzer().cliName());
        settings.put("k1", Float.toString(r.meta().bm25().k1()));
        settings.put("b", Float.toString(r.meta().bm25().b()));
        settings.put("data", set.name());
        return new Made(scoring.asWritten(r.run(), Scoring.RECALL_NUM), settings);
    }

    /**
     * Engine dense recall of every test query to {@link Scoring#RECALL_NUM} with {@code encoder} (the model the index
     * was pushed with) at HNSW beam {@code efSearch} ({@link #engineRecall}), shaped by the workspace's scoring as a
     * local dense run is.
     */
    public static Made engineDense(
            EngineTarget target,
            TextEncoder encoder,
            DenseModel model,
            int efSearch,
            RetrievalDataset set,
            ProgressListener progress,
            CancellationToken cancel) {
        Scoring scoring = Scoring.defaultsFor(set);
        EngineRecall r = engineRecall(
                target, encoder, efSearch, set, scoring.retrievalDepth(Scoring.RECALL_NUM), progress, cancel);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("retriever", "engine-dense");
        settings.put("engine", target.urls());
        settings.put("engine_index", target.index());
        settings.put("model", model.label());
        settings.put("model_spec", model.spec());
        settings.put("model_id", encoder.modelId());
        settings.put("index", "engine-hnsw");
        settings.put("ef_search", Integer.toString(efSearch));
        settings.put("max_seq_length", Integer.toString(encoder.tokenizer().maxSeqLength()));
        settings.put("dimensions", Integer.toString(encoder.dimension()));
        settings.put("data", set.name());
        return new Made(scoring.asWritten(r.run(), Scoring.RECALL_NUM), settings);
    }

    /** Reciprocal-rank fusion with the paper's k: nothing to tune. */
    public static HybridEvaluation.Plan rrf() {
        return new HybridEvaluation.Fixed(new Fusion.Rrf(Fusion.RRF_K));
    }

    /**
     * A convex weight tuned on the workspace's dev split ({@link Workspace#devSplit}; never the test set);
     * refused, pointing to RRF, when there is none.
     */
    public static HybridEvaluation.Plan tunedOnDevSplit(Workspace ws, RetrievalDataset set) {
        if (ws == null) {
            throw new IllegalStateException("tuning needs a workspace with a dev split");
        }
        Workspace.DevSplit split = ws.devSplit(set)
                .orElseThrow(() -> new IllegalStateException(ws.folder()
                        + " has no dev split to tune the weight on (dev.csv beside test.csv, or a BEIR qrels/dev.tsv or"
                        + " train.tsv); the test set is never used for tuning: run Hybrid RRF, which needs none"));
        return new HybridEvaluation.TunedOnDev(split.set(), split.source());
    }
}
