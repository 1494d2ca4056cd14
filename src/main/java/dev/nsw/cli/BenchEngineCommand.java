package dev.nsw.cli;

import dev.nsw.bench.EngineBench;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.engine.EngineClient;
import dev.nsw.engine.EngineIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.retrieval.CorpusEmbeddings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nsw bench engine}: an engine's dense and BM25 runs against the local code, and its indexing rate and latency. */
@Command(
        name = "engine",
        mixinStandardHelpOptions = true,
        description = {
            "Push an evaluation set's corpus to an engine and compare the engine's dense and BM25 runs with the local ones",
            "(same model, same vectors): Recall@K, top-10 agreement, per-query latency, and the engine's indexing rate."
        })
public final class BenchEngineCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    EvalSetOptions set;

    @Option(names = "--engine", required = true, paramLabel = "URL", description = "The engine (`nsw engine start`).")
    String url;

    @Option(
            names = "--name",
            required = true,
            paramLabel = "NAME",
            description = "Index to create (or resume) in the engine.")
    String name;

    @Option(
            names = "--embeddings",
            required = true,
            paramLabel = "FILE.npy",
            description = "Corpus embedding cache (made when missing).")
    @Writes
    Path embeddings;

    /** M 16 on both sides: the README's engine figures were measured with it. */
    @Mixin
    HnswOptions hnsw = new HnswOptions(16);

    @Mixin
    SearchBeamOptions beam;

    @Option(names = "--shards", defaultValue = "2", description = "Primary shards.")
    int shards;

    @Option(names = "--replicas", defaultValue = "1", description = "Replicas.")
    int replicas;

    @Override
    public Integer call() throws Exception {
        RetrievalDataset dataset = set.load(true);
        EngineClient client = new EngineClient(url);
        var out = spec.commandLine().getOut();
        try (TextEncoder encoder = model.openForInference()) {
            long t0 = System.nanoTime();
            var cached = CorpusEmbeddings.load(
                    encoder, dataset.corpus(), embeddings, ConsoleProgress.of(spec), CancellationToken.NEVER);
            double embedSeconds = (System.nanoTime() - t0) / 1e9;
            var engineSpec = new EngineIndex.Spec(
                    hnsw.m, hnsw.efConstruction, shards, replicas, Bm25Options.auto(dataset.corpus()));
            var result = EngineBench.run(
                    client,
                    name,
                    dataset,
                    encoder,
                    cached.vectors(),
                    engineSpec,
                    beam.ef,
                    ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
            out.printf(
                    Locale.ROOT,
                    "%s: %,d documents, %,d queries, %s (%s), HNSW M %d efC %d ef %d, %d shards × %d replica(s), %d nodes%n",
                    dataset.name(),
                    dataset.corpus().size(),
                    dataset.queries().size(),
                    encoder.name(),
                    encoder.runtime(),
                    hnsw.m,
                    hnsw.efConstruction,
                    beam.ef,
                    shards,
                    replicas,
                    result.nodes());
            out.printf(
                    Locale.ROOT,
                    "corpus embeddings: %s in %.1f s; push: %,d documents in %.1f s = %.0f docs/s into the cluster, %d retries%n",
                    cached.reused() ? "read from cache" : "embedded",
                    embedSeconds,
                    result.push().documents(),
                    result.push().seconds(),
                    result.push().documents() / result.push().seconds(),
                    result.push().retries());
            out.println("| run | R@1 | R@5 | R@10 | MRR@10 | top-10 = local exact / local BM25 | p50 ms | p95 ms |");
            out.println("|---|---|---|---|---|---|---|---|");
            for (var r : result.rows()) {
                out.printf(
                        Locale.ROOT,
                        "| %s | %.2f | %.2f | %.2f | %.4f | %.1f %% | %.2f | %.2f |%n",
                        r.name(),
                        r.metrics().recall(1),
                        r.metrics().recall(5),
                        r.metrics().recall(10),
                        r.metrics().mrr10(),
                        100 * r.top10Agreement(),
                        r.p50Ms(),
                        r.p95Ms());
            }
        }
        return 0;
    }
}
