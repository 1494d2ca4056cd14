package dev.nsw.cli;

import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.index.AnnRecall;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.text.MaxSeqLengthRule;
import dev.nsw.workspace.CompareRuns;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nsw recall}: dense recall of the top K texts for each query (the recipe's recall.py), or with
 * {@code --mode hybrid} BM25 and dense fused ({@link HybridOptions}).
 */
@Command(
        name = "recall",
        mixinStandardHelpOptions = true,
        description = {
            "Recall the top K corpus texts (-k) for each query with the dense model (--mode hybrid: fused with BM25).",
            "Uses a saved index (--index), or embeds the corpus and searches it exactly, or with --hnsw_m/--hnsw_ef",
            "(the recipe's) through an HNSW index built on the fly (build beam: --hnsw_ef unless --hnsw_ef_construction).",
            "Writes the recipe's recall result file and/or a TREC run; --evaluate prints the metrics."
        })
public final class RecallCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    PrecisionOption precision;

    @Mixin
    EvalSetOptions set;

    @Mixin
    RecallOutputOptions outputs;

    @Option(names = "--index", paramLabel = "DIR", description = "Index built by `nsw index` with the same model.")
    Path indexDir;

    /** Without --index: given (any of them), an HNSW index is built instead of searching exactly (the recipe's way). */
    @Mixin
    HnswOptions hnsw;

    /** The search beam: of the HNSW index built here, or with --engine of the engine's. */
    @Mixin
    SearchBeamOptions beam;

    @Mixin
    CorpusEmbeddingsOption corpusEmbeddingsOption;

    @Option(names = "--batch_size", paramLabel = "N", description = "The recipe's name for --encode_batch_size.")
    Integer batchSize;

    @Mixin
    RecipeFlags recipe;

    @Mixin
    ReadingOptions reading;

    @Mixin
    HybridOptions hybrid;

    @Mixin
    EngineOptions engine;

    @Option(
            names = "--rerank",
            paramLabel = "N",
            description =
                    "With --mode hybrid: rerank each query's fused top N with --reranker (hybrid → rerank; 0 = off);"
                            + " the reranker's score is mixed with the hybrid's by --rerank_weight, or by a weight tuned on"
                            + " --tune_on's dev set when the hybrid's is, else the reranker's order alone.")
    int rerank;

    @Option(
            names = "--rerank_weight",
            paramLabel = "W",
            description = "With --rerank: the reranker's weight in the mix, in [0, 1] (1 = reranker alone).")
    Double rerankWeight;

    @Mixin
    RerankerOptions reranker;

    @Option(
            names = "--ann_check",
            description = "With --index: also search exactly and report the index's recall@10 against exact search.")
    boolean annCheck;

    @Option(names = "--ann-check", hidden = true)
    void oldAnnCheck(boolean value) {
        annCheck = value;
    }

    @Override
    public Integer call() throws Exception {
        outputs.validate();
        hybrid.validate(set);
        if (rerank < 0 || rerank > 0 && (!hybrid.hybrid() || !reranker.given())) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--rerank N (N >= 1) needs --mode hybrid and --reranker DIR");
        }
        if (rerankWeight != null && (rerank == 0 || hybrid.tunesOnDev() || !(rerankWeight >= 0 && rerankWeight <= 1))) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--rerank_weight W needs --rerank N, a W in [0, 1], and no --tune_on (which tunes the mix on dev)");
        }
        if (indexDir != null && corpusEmbeddingsOption.path != null) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--index searches a saved index: no --corpus_embeddings");
        }
        RetrievalDataset dataset = set.load(true);
        var err = spec.commandLine().getErr();
        if (batchSize != null) {
            model.encodeBatchSize = batchSize;
        }
        if (engine.given()) {
            if (hybrid.hybrid() || indexDir != null || annCheck || corpusEmbeddingsOption.path != null) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(),
                        "--engine searches the engine's index: no --index, --corpus_embeddings, --mode hybrid or --ann_check");
            }
            var client = engine.client();
            var meta = dev.nsw.engine.EngineIndex.meta(client, engine.name());
            dev.nsw.engine.EngineIndex.requireSame(
                    meta, engine.name(), null, dataset.corpus().fingerprint());
            reading.followEngineIndex(model, meta);
            try (TextEncoder encoder = model.openForInference(precision)) {
                // the path Compare's engine dense runs take: the index must hold this corpus, pushed with this model
                long t1 = System.nanoTime();
                RecallRun run = CompareRuns.engineRecall(
                                engine.engineTarget(),
                                encoder,
                                beam.ef,
                                dataset,
                                outputs.retrievalDepth(dataset),
                                ConsoleProgress.of(spec),
                                CancellationToken.NEVER)
                        .run();
                err.printf(
                        Locale.ROOT,
                        "dense recall (%s, engine %s index '%s'): %,d queries embedded and searched in %.1f s%n",
                        model.label(),
                        engine.engineTarget().urls(),
                        engine.name(),
                        dataset.queries().size(),
                        (System.nanoTime() - t1) / 1e9);
                outputs.emit(dataset, run, model.label() + " engine", "nsw-dense-engine");
            }
            return 0;
        }
        MaxSeqLengthRule.Choice choice = reading.resolve(model, CliSupport.texts(dataset.corpus()), indexDir);
        try (TextEncoder encoder = model.openForInference(precision)) {
            long t0 = System.nanoTime();
            VectorIndex index = DenseRecall.openOrBuild(
                    encoder,
                    dataset.corpus(),
                    choice.passages(),
                    indexDir,
                    corpusEmbeddingsOption.path,
                    indexSpec(),
                    ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
            double indexSeconds = (System.nanoTime() - t0) / 1e9;
            if (hybrid.hybrid()) {
                int depth = outputs.retrievalDepth(dataset);
                RecallRun fused;
                if (rerank > 0) {
                    // The reranker on ONNX Runtime (the same graph, the serving path) unless torch was asked for.
                    try (var ce = reranker.open(model.threads);
                            var onnx = "torch".equals(model.runtime)
                                    ? null
                                    : dev.nsw.rank.OnnxRuntimeReranker.of(ce, model.threads)) {
                        fused = hybrid.run(
                                set,
                                dataset,
                                encoder,
                                index,
                                depth,
                                new HybridOptions.Rerank(rerank, rerankWeight, onnx != null ? onnx : ce));
                    }
                } else {
                    fused = hybrid.run(set, dataset, encoder, index, depth, null);
                }
                outputs.emit(
                        dataset,
                        fused,
                        "hybrid BM25 + " + model.label() + " " + index.kind() + " (" + fused.scoreKind() + ")",
                        "nsw-hybrid");
                return 0;
            }
            long t1 = System.nanoTime();
            RecallRun run = DenseRecall.recall(
                    encoder,
                    index,
                    dataset.queries(),
                    outputs.retrievalDepth(dataset),
                    ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
            double recallSeconds = (System.nanoTime() - t1) / 1e9;
            err.printf(
                    Locale.ROOT,
                    "dense recall (%s, %s index of %s): index ready in %.1f s; %,d queries embedded and searched in %.1f s%n",
                    model.label(),
                    index.kind(),
                    index.passages()
                            .map(p -> String.format(
                                    Locale.ROOT, "%,d passages of %,d documents", index.size(), p.documents()))
                            .orElse(String.format(Locale.ROOT, "%,d", index.size())),
                    indexSeconds,
                    dataset.queries().size(),
                    recallSeconds);
            if (annCheck && index.approximate()) {
                float[][] q = DenseRecall.embed(
                        encoder,
                        dataset.queries().stream().map(dev.nsw.data.Query::text).toList(),
                        "queries (ANN check)",
                        ConsoleProgress.of(spec),
                        CancellationToken.NEVER);
                AnnRecall.check(index, q, 10)
                        .ifPresent(c -> spec.commandLine()
                                .getOut()
                                .printf(
                                        Locale.ROOT,
                                        "ANN recall@%d against exact search: %.4f (ef %d)%n",
                                        c.k(),
                                        c.recall(),
                                        c.ef()));
            }
            outputs.emit(dataset, run, model.label() + " " + index.kind(), "nsw-dense");
        }
        return 0;
    }

    /**
     * Exact search unless an HNSW setting is given. The recipe builds and searches with one ef, so without
     * --hnsw_ef_construction the build beam is --hnsw_ef.
     */
    private DenseRecall.IndexSpec indexSpec() {
        if (!hnsw.given() && !beam.given()) {
            return DenseRecall.IndexSpec.exact();
        }
        int efConstruction = hnsw.efConstructionGiven() ? hnsw.efConstruction : beam.ef;
        return new DenseRecall.IndexSpec(dev.nsw.index.HnswVectorIndex.KIND, hnsw.m, efConstruction, beam.ef);
    }
}
